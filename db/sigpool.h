/* Ed25519 checks on every core: verify hands each event's hash, signature
 * and the key it must carry to a pool of worker threads, in batches, and
 * keeps reading; the chain, the authorship rules and the summaries stay
 * in order on the calling thread (db/verify.c). Memory is bounded: at
 * most a few batches per worker are in flight, and the caller waits when
 * they are. With one thread the checks run on the caller's thread. */
#ifndef RUTIN_SIGPOOL_H
#define RUTIN_SIGPOOL_H

#include <stdbool.h>
#include <stdint.h>

struct sigpool;

/* `threads` workers; 0: one per online core. Never NULL (with no thread
 * to start, it checks on the caller's thread). */
struct sigpool *sigpool_new(int threads);
/* Queues one check; `sig` may be NULL (then it fails). */
void sigpool_add(struct sigpool *p, int64_t seq, const unsigned char hash[32],
    const unsigned char *sig, const unsigned char pk[32]);
/* Waits for every check and frees the pool: the smallest seq whose
 * signature failed, or 0 when all held. */
int64_t sigpool_finish(struct sigpool **p);

/* The number of threads verify uses (0: every core; the default). */
void log_set_verify_threads(int threads);
int log_verify_threads(void);

#endif
