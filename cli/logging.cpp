#include "logging.h"

// Info and above by default: progress notes go to stderr, debug needs QT_LOGGING_RULES.
Q_LOGGING_CATEGORY(lcCli, "relive.cli", QtInfoMsg)
