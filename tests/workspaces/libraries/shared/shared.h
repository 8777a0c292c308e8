#pragma once

int sharedValue();
