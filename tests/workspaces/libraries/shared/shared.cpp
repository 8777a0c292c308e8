#include "shared.h"

int sharedValue()
{
    return 100;
}

const char *sharedLabel()
{
    return " right";
}
