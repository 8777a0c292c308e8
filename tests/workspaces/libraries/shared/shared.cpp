#include "shared.h"

int sharedValue()
{
    return 100;
}
