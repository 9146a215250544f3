/* hvsafe's stand-in for Bao's <platform.h>: the constants a platform description or a VM
 * configuration may use, written for hvsafe's importer. */
#ifndef HVSAFE_BAO_PLATFORM_H
#define HVSAFE_BAO_PLATFORM_H
#define true 1
#define false 0
#define NULL 0
#endif
