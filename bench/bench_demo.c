/* bench_demo — the demo vault and badge pictures, never pass/fail.
 *
 * 1. demo_open + demo_close on the shipped demo ($CAIRN_DATA_DIR, else the
 *    source tree's data/): a fresh vault, 17 imports, trust entries, 17
 *    verifications and the index saved; then the folder removed.  This is
 *    what `cairn --demo` costs before its first screen.
 * 2. Badge pictures: decoding a 64x64 demo PNG and a 981x941 baked badge
 *    (tests/fixtures/baked), and rendering each into a 24x12 cell grid
 *    (the detail pane at 80x24) and a 64x32 grid.
 * Prints the median and best of RUNS runs.
 *
 * Usage: bench_demo [SRCDIR]   (SRCDIR: the source tree, default ".") */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "fsutil.h"
#include "image.h"

#define RUNS 9

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *what, double *t)
{
	qsort(t, RUNS, sizeof *t, cmp_double);
	printf("  %-44s median %8.3f ms   best %8.3f ms\n", what, t[RUNS / 2] * 1e3,
	       t[0] * 1e3);
}

static unsigned char *
read_or_die(const char *path, size_t *len)
{
	unsigned char *data;

	if (fs_read_file(path, 64UL << 20, &data, len) != 0) {
		fprintf(stderr, "bench_demo: cannot read %s\n", path);
		exit(1);
	}
	return data;
}

static void
bench_picture(const char *name, const unsigned char *data, size_t len)
{
	double t_dec[RUNS], t_small[RUNS], t_large[RUNS];
	struct image_rgb bg = {0, 0, 0};
	struct cairn_error err;
	char what[128];

	for (int r = 0; r < RUNS; r++) {
		struct image *img;
		struct image_cell *cells;
		double t0 = now();

		if (image_decode(data, len, &img, &err) != CAIRN_OK) {
			fprintf(stderr, "bench_demo: %s: %s\n", name, err.msg);
			exit(1);
		}
		t_dec[r] = now() - t0;
		t0 = now();
		cells = image_render(img, 24, 12, bg);
		t_small[r] = now() - t0;
		free(cells);
		t0 = now();
		cells = image_render(img, 64, 32, bg);
		t_large[r] = now() - t0;
		free(cells);
		image_free(img);
	}
	snprintf(what, sizeof what, "decode %s", name);
	report(what, t_dec);
	snprintf(what, sizeof what, "render %s into 24x12 cells", name);
	report(what, t_small);
	snprintf(what, sizeof what, "render %s into 64x32 cells", name);
	report(what, t_large);
}

int
main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : ".";
	const char *env = getenv("CAIRN_DATA_DIR");
	char *datadir = env && *env ? strdup(env) : fs_join(src, "data");
	char *path;
	double t_open[RUNS], t_close[RUNS];
	struct cairn_error err;
	unsigned char *data;
	size_t len;

	if (cairn_init(&err) != CAIRN_OK)
		return 1;
	printf("bench_demo: %d runs each (demo from %s)\n", RUNS, datadir);
	for (int r = 0; r < RUNS; r++) {
		struct demo *d;
		double t0 = now();

		if (demo_open(datadir, &d, &err) != CAIRN_OK) {
			fprintf(stderr, "bench_demo: %s\n", err.msg);
			return 1;
		}
		t_open[r] = now() - t0;
		t0 = now();
		demo_close(d);
		t_close[r] = now() - t0;
	}
	report("demo_open (17 credentials, verified)", t_open);
	report("demo_close (folder removed)", t_close);

	if (!image_supported()) {
		printf("  pictures: this build has no libpng; not measured\n");
		free(datadir);
		return 0;
	}
	path = fs_join(src, "tests/fixtures/images/checker-64.png");
	data = read_or_die(path, &len);
	bench_picture("64x64 PNG", data, len);
	free(data);
	free(path);
	path = fs_join(src, "tests/fixtures/baked/ob30-simple-json.png");
	data = read_or_die(path, &len);
	bench_picture("981x941 baked PNG", data, len);
	free(data);
	free(path);
	free(datadir);
	return 0;
}
