/*
 * src/image/hasher.c: sha256 of a layer's stored and uncompressed bytes
 * computed on a second thread, so verifying digests overlaps with
 * decompression and parsing instead of adding to them. The producer copies
 * each chunk into a ring of slots (bounded memory) and blocks when it is
 * full. One hasher serves every layer of an image: the thread and the ring
 * (on huge pages, dd_big_alloc) are set up once, each layer only resets
 * the two digests (dd_hasher_begin) and collects them (dd_hasher_end).
 * The ring is large (8 MiB) because parsing is uneven: the reader races
 * through big files and crawls through directories of small ones, and the
 * ring lets the hashing thread stay busy through both.
 */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "image/internal.h"
#include "util/bigmem.h"
#include "util/xalloc.h"

#define SLOTS 16
#define SLOT_SIZE (512 * 1024)

struct slot {
	char *buf;
	size_t len;
	int which;
};

struct dd_hasher {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* producer -> worker: a slot is full, or stop */
	pthread_cond_t room;	/* worker -> producer: a slot is free */
	struct slot slot[SLOTS];
	char *ring;
	size_t ring_size;
	size_t head, tail, count;	/* producer fills head, worker drains tail */
	bool done, started;
	EVP_MD_CTX *md[2];
	struct slot *cur;		/* slot being filled by the producer */
};

static void *worker(void *arg)
{
	struct dd_hasher *h = arg;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		struct slot *s;

		while (h->count == 0 && !h->done)
			pthread_cond_wait(&h->cv, &h->mu);
		if (h->count == 0)
			break;
		s = &h->slot[h->tail];
		pthread_mutex_unlock(&h->mu);
		EVP_DigestUpdate(h->md[s->which], s->buf, s->len);
		pthread_mutex_lock(&h->mu);
		h->tail = (h->tail + 1) % SLOTS;
		h->count--;
		pthread_cond_signal(&h->room);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

struct dd_hasher *dd_hasher_new(void)
{
	struct dd_hasher *h = dd_xcalloc(1, sizeof(*h));

	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	pthread_cond_init(&h->room, NULL);
	for (int i = 0; i < 2; i++) {
		h->md[i] = EVP_MD_CTX_new();
		if (!h->md[i])
			abort();
		EVP_DigestInit_ex(h->md[i], EVP_sha256(), NULL);
	}
	h->ring_size = (size_t)SLOTS * SLOT_SIZE;
	h->ring = dd_big_alloc(&h->ring_size);
	for (int i = 0; i < SLOTS; i++)
		h->slot[i].buf = h->ring + (size_t)i * SLOT_SIZE;
	h->started = pthread_create(&h->th, NULL, worker, h) == 0;
	return h;
}

/* Hands the slot being filled to the worker. */
static void flush(struct dd_hasher *h)
{
	if (!h->cur)
		return;
	pthread_mutex_lock(&h->mu);
	h->head = (h->head + 1) % SLOTS;
	h->count++;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	h->cur = NULL;
}

/* Waits until the worker has hashed every slot handed to it. */
static void drain(struct dd_hasher *h)
{
	flush(h);
	pthread_mutex_lock(&h->mu);
	while (h->count)
		pthread_cond_wait(&h->room, &h->mu);
	pthread_mutex_unlock(&h->mu);
}

void dd_hasher_begin(struct dd_hasher *h)
{
	drain(h);
	for (int i = 0; i < 2; i++)
		EVP_DigestInit_ex(h->md[i], EVP_sha256(), NULL);
}

void dd_hasher_feed(struct dd_hasher *h, int which, const void *p, size_t n)
{
	const char *c = p;

	if (!h->started) {
		EVP_DigestUpdate(h->md[which], p, n);
		return;
	}
	while (n) {
		size_t k;

		if (h->cur && h->cur->which != which)
			flush(h);
		if (!h->cur) {
			pthread_mutex_lock(&h->mu);
			while (h->count == SLOTS)
				pthread_cond_wait(&h->room, &h->mu);
			h->cur = &h->slot[h->head];
			pthread_mutex_unlock(&h->mu);
			h->cur->len = 0;
			h->cur->which = which;
		}
		k = SLOT_SIZE - h->cur->len;
		if (k > n)
			k = n;
		memcpy(h->cur->buf + h->cur->len, c, k);
		h->cur->len += k;
		c += k;
		n -= k;
		if (h->cur->len == SLOT_SIZE)
			flush(h);
	}
}

static void hex(EVP_MD_CTX *md, char out[72])
{
	unsigned char d[32];
	unsigned int n = 0;

	EVP_DigestFinal_ex(md, d, &n);
	memcpy(out, "sha256:", 7);
	for (unsigned i = 0; i < 32; i++) {
		out[7 + 2 * i] = "0123456789abcdef"[d[i] >> 4];
		out[8 + 2 * i] = "0123456789abcdef"[d[i] & 15];
	}
	out[71] = '\0';
}

void dd_hasher_end(struct dd_hasher *h, char blob[72], char diff[72])
{
	drain(h);
	if (blob)
		hex(h->md[0], blob);
	if (diff)
		hex(h->md[1], diff);
}

void dd_hasher_free(struct dd_hasher *h)
{
	if (!h)
		return;
	if (h->started) {
		drain(h);
		pthread_mutex_lock(&h->mu);
		h->done = true;
		pthread_cond_signal(&h->cv);
		pthread_mutex_unlock(&h->mu);
		pthread_join(h->th, NULL);
	}
	for (int i = 0; i < 2; i++)
		EVP_MD_CTX_free(h->md[i]);
	dd_big_free(h->ring, h->ring_size);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	pthread_cond_destroy(&h->room);
	free(h);
}
