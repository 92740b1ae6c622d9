#ifndef PARLEY_CZSTD_SHIM_H
#define PARLEY_CZSTD_SHIM_H
#include <zstd.h>
#endif
