#pragma once

const char *greetingText();
