/*
 * src/release.h: drydock's own release version.
 */
#ifndef DD_RELEASE_H
#define DD_RELEASE_H

#define DD_VERSION "0.1.0"

#endif
