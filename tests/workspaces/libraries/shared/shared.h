#pragma once

int sharedValue();
const char *sharedLabel(); // only right's widget calls it
