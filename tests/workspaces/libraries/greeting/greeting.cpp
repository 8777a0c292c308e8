#include "greeting.h"

const char *greetingText()
{
    return "hello";
}
