/* Reading an untrusted document in a child process with limits: a PDF or
 * zip crafted to crash a library or to make it loop or eat memory costs
 * the child, and rutin scan says the file could not be read. */
#ifndef RUTIN_SANDBOX_H
#define RUTIN_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/doc.h"

/* doc_read (doc.h) of data[0..len) in a child process under the limits
 * of limits.h; the same result, or false with a sentence in err when the child
 * failed, was stopped or overran a limit. d->name is used for hints. */
bool sandbox_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size);

#endif
