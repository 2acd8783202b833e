#pragma once
/// ND_API marks the symbols that the nd library exports; everything else is hidden.
#if defined(ND_STATIC)
#define ND_API
#elif defined(ND_BUILDING_LIBRARY)
#define ND_API __attribute__((visibility("default")))
#else
#define ND_API __attribute__((visibility("default")))
#endif
