// zlib from the system (zlib1g-dev ships the header on this machine kind).
#include <zlib.h>
