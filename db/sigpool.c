#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "db/log_impl.h"
#include "db/sigpool.h"

#define BATCH 2048        /* checks per batch */
#define PER_WORKER 4      /* batches in flight per worker */

struct job {
	int64_t seq;
	unsigned char hash[32];
	unsigned char sig[LOG_SIG_BYTES];
	unsigned char pk[32];
	bool has_sig;
};

struct batch {
	struct job jobs[BATCH];
	size_t n;
	struct batch *next;
};

struct sigpool {
	pthread_t *workers;
	int threads;
	pthread_mutex_t lock;
	pthread_cond_t work;      /* a batch was queued, or the end */
	pthread_cond_t room;      /* a batch was checked */
	struct batch *queue, *queue_tail;
	struct batch *filling;    /* the caller's */
	int in_flight, limit;
	bool ending;
	int64_t first_bad;        /* smallest failing seq, 0: none */
};

static int verify_threads; /* 0: every core */

void
log_set_verify_threads(int threads)
{
	verify_threads = threads < 0 ? 0 : threads;
}

int
log_verify_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (verify_threads > 0)
		return verify_threads;
	return n > 0 && n < 256 ? (int)n : 1;
}

static int64_t
check_batch(const struct batch *b)
{
	int64_t bad = 0;
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct job *j = &b->jobs[i];

		if ((!j->has_sig || !log_event_sig_ok(j->hash, j->sig, j->pk)) &&
		    (bad == 0 || j->seq < bad))
			bad = j->seq;
	}
	return bad;
}

static void
note_bad(struct sigpool *p, int64_t bad)
{
	if (bad > 0 && (p->first_bad == 0 || bad < p->first_bad))
		p->first_bad = bad;
}

static void *
worker(void *arg)
{
	struct sigpool *p = arg;
	struct batch *b;
	int64_t bad;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->queue == NULL && !p->ending)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->queue == NULL)
			break;
		b = p->queue;
		p->queue = b->next;
		if (p->queue == NULL)
			p->queue_tail = NULL;
		pthread_mutex_unlock(&p->lock);
		bad = check_batch(b);
		free(b);
		pthread_mutex_lock(&p->lock);
		note_bad(p, bad);
		p->in_flight--;
		pthread_cond_signal(&p->room);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct sigpool *
sigpool_new(int threads)
{
	struct sigpool *p = xcalloc(1, sizeof(*p));
	int i;

	if (threads <= 0)
		threads = log_verify_threads();
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->room, NULL);
	p->limit = PER_WORKER * threads;
	if (threads > 1) {
		p->workers = xcalloc((size_t)threads, sizeof(*p->workers));
		for (i = 0; i < threads; i++) {
			if (pthread_create(&p->workers[i], NULL, worker, p) != 0)
				break;
			p->threads++;
		}
	}
	return p;
}

/* Hands the caller's batch over: to a worker, or checked here. */
static void
submit(struct sigpool *p)
{
	struct batch *b = p->filling;

	p->filling = NULL;
	if (b == NULL || b->n == 0) {
		free(b);
		return;
	}
	if (p->threads == 0) {
		note_bad(p, check_batch(b));
		free(b);
		return;
	}
	pthread_mutex_lock(&p->lock);
	while (p->in_flight >= p->limit)
		pthread_cond_wait(&p->room, &p->lock);
	b->next = NULL;
	if (p->queue_tail != NULL)
		p->queue_tail->next = b;
	else
		p->queue = b;
	p->queue_tail = b;
	p->in_flight++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

void
sigpool_add(struct sigpool *p, int64_t seq, const unsigned char hash[32],
    const unsigned char *sig, const unsigned char pk[32])
{
	struct job *j;

	if (p->filling == NULL)
		p->filling = xcalloc(1, sizeof(*p->filling));
	j = &p->filling->jobs[p->filling->n++];
	j->seq = seq;
	memcpy(j->hash, hash, 32);
	memcpy(j->pk, pk, 32);
	j->has_sig = sig != NULL;
	if (sig != NULL)
		memcpy(j->sig, sig, LOG_SIG_BYTES);
	if (p->filling->n == BATCH)
		submit(p);
}

int64_t
sigpool_finish(struct sigpool **pp)
{
	struct sigpool *p = *pp;
	int64_t bad;
	int i;

	submit(p);
	pthread_mutex_lock(&p->lock);
	p->ending = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->threads; i++)
		pthread_join(p->workers[i], NULL);
	bad = p->first_bad;
	free(p->workers);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->room);
	free(p);
	*pp = NULL;
	return bad;
}
