/* Badge images: PNG decoding with limits, compositing, box scaling into
 * half-block cells, and the xterm 256-colour mapping.  The PNG fixtures in
 * tests/fixtures/images have known pixels (make-images.py wrote them). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "image.h"
#include "cairn_limits.h"
#include "testhelp.h"
#include "vault.h"

#define IMG_DIR FIXTURES "/images/"

static const struct image_rgb black = {0, 0, 0};

static struct image *
decode_file(const char *name, enum cairn_err want, struct cairn_error *err)
{
	size_t len;
	unsigned char *data = th_read(name, &len);
	struct image *img = NULL;
	enum cairn_err rc = image_decode(data, len, &img, err);

	free(data);
	if (rc != want)
		fail_msg("%s: got %d (%s), wanted %d", name, rc,
		         rc == CAIRN_OK ? "" : err->msg, want);
	if (want == CAIRN_OK)
		assert_non_null(img);
	else
		assert_null(img);
	return img;
}

static void
assert_rgb(struct image_rgb c, int r, int g, int b)
{
	if (c.r != r || c.g != g || c.b != b)
		fail_msg("colour (%d,%d,%d), wanted (%d,%d,%d)", c.r, c.g, c.b, r, g, b);
}

/* Builds without libpng must say so for every PNG (the interface then
 * shows a placeholder): returns 0 after checking that, 1 when PNG can be
 * decoded and the test goes on. */
static int
png_or_placeholder(const char *file)
{
	struct cairn_error err;

	if (image_supported())
		return 1;
	decode_file(file, CAIRN_ERR_UNDECIDED, &err);
	assert_non_null(strstr(err.msg, "libpng"));
	return 0;
}

/* ---- decoding ------------------------------------------------------- */

static void
decode_2x2_exact_pixels(void **state)
{
	struct cairn_error err;
	struct image *img;
	static const uint8_t want[16] = {255, 0,   0,   255, 0,   0,   255, 255,
	                                 0,   255, 0,   255, 255, 255, 255, 255};

	(void)state;
	if (!png_or_placeholder(IMG_DIR "2x2-rgba.png"))
		return;
	img = decode_file(IMG_DIR "2x2-rgba.png", CAIRN_OK, &err);
	assert_int_equal(img->width, 2);
	assert_int_equal(img->height, 2);
	assert_memory_equal(img->rgba, want, sizeof want);
	image_free(img);
}

static void
decode_converts_palette_and_grey16(void **state)
{
	struct cairn_error err;
	struct image *img;
	static const uint8_t pal[8] = {255, 128, 0, 255, 10, 20, 30, 0};
	static const uint8_t grey[8] = {0, 0, 0, 255, 255, 255, 255, 255};

	(void)state;
	if (!png_or_placeholder(IMG_DIR "palette-2x1.png") ||
	    !png_or_placeholder(IMG_DIR "grey16-2x1.png"))
		return;
	img = decode_file(IMG_DIR "palette-2x1.png", CAIRN_OK, &err);
	assert_int_equal(img->width, 2);
	assert_memory_equal(img->rgba, pal, sizeof pal);
	image_free(img);
	img = decode_file(IMG_DIR "grey16-2x1.png", CAIRN_OK, &err);
	assert_memory_equal(img->rgba, grey, sizeof grey);
	image_free(img);
}

/* A real baked badge: the picture is drawn, the large iTXt credential is
 * skipped without harm. */
static void
decode_real_baked_badge(void **state)
{
	struct cairn_error err;
	struct image *img;

	(void)state;
	if (!png_or_placeholder(FIXTURES "/baked/ob30-simple-json.png"))
		return;
	img = decode_file(FIXTURES "/baked/ob30-simple-json.png", CAIRN_OK, &err);
	assert_int_equal(img->width, 981);
	assert_int_equal(img->height, 941);
	image_free(img);
	img = decode_file(FIXTURES "/baked/ob20-simple-badge.png", CAIRN_OK, &err);
	assert_int_equal(img->width, 21);
	assert_int_equal(img->height, 19);
	image_free(img);
}

static void
refuses_huge_dimensions(void **state)
{
	struct cairn_error err;

	(void)state;
	if (!png_or_placeholder(IMG_DIR "huge-100000.png") ||
	    !png_or_placeholder(IMG_DIR "big-3000.png"))
		return;
	decode_file(IMG_DIR "huge-100000.png", CAIRN_ERR_USAGE, &err);
	assert_non_null(strstr(err.msg, "PNG"));
	assert_null(strchr(err.msg, '\n'));
	decode_file(IMG_DIR "big-3000.png", CAIRN_ERR_USAGE, &err);
	assert_non_null(strstr(err.msg, "3000 x 3000"));
	assert_non_null(strstr(err.msg, "limit"));
}

static void
refuses_truncated_and_bad_crc(void **state)
{
	struct cairn_error err;
	size_t len;
	unsigned char *two = th_read(IMG_DIR "2x2-rgba.png", &len);
	struct image *img = NULL;

	(void)state;
	if (!png_or_placeholder(IMG_DIR "truncated.png")) {
		free(two);
		return;
	}
	decode_file(IMG_DIR "truncated.png", CAIRN_ERR_USAGE, &err);
	assert_non_null(strstr(err.msg, "damaged PNG"));
	decode_file(IMG_DIR "bad-crc.png", CAIRN_ERR_USAGE, &err);
	assert_non_null(strstr(err.msg, "damaged PNG"));
	/* every shorter prefix of a good picture is refused cleanly */
	for (size_t n = 0; n < len; n++) {
		enum cairn_err rc = image_decode(two, n, &img, &err);
		assert_int_not_equal(rc, CAIRN_OK);
		assert_null(img);
		assert_true(err.msg[0] != '\0');
	}
	free(two);
}

static void
svg_and_other_bytes(void **state)
{
	struct cairn_error err;
	struct image *img = NULL;
	static const unsigned char gif[] = "GIF89a\1\0\1\0";

	(void)state;
	decode_file(IMG_DIR "square.svg", CAIRN_ERR_UNDECIDED, &err);
	assert_non_null(strstr(err.msg, "SVG"));
	assert_int_equal(image_decode(gif, sizeof gif - 1, &img, &err), CAIRN_ERR_USAGE);
	assert_null(img);
	assert_int_equal(image_decode(gif, 0, &img, &err), CAIRN_ERR_USAGE);
}

/* The picture stored by the importer is found through the record. */
static void
from_record_in_vault(void **state)
{
	char *dir = th_tmpdir(), *vdir = th_path(dir, "v");
	struct cairn_secret *pass = th_secret("image test");
	struct vault_kdf kdf;
	struct vault *v;
	struct vault_name name;
	char hex[VAULT_NAME_HEX];
	struct cairn_error err;
	struct image *img = NULL;
	unsigned char *two;
	size_t len;
	int added;
	cJSON *rec;

	(void)state;
	th_kdf_min(&kdf);
	assert_int_equal(vault_create(vdir, pass, &kdf, &v, &err), CAIRN_OK);
	two = th_read(IMG_DIR "2x2-rgba.png", &len);
	assert_int_equal(vault_put(v, two, len, "image", &name, &added, &err), CAIRN_OK);
	vault_name_hex(&name, hex);

	rec = cJSON_CreateObject();
	cJSON_AddStringToObject(cJSON_AddObjectToObject(rec, "image"), "object", hex);
	if (image_supported()) {
		assert_int_equal(image_from_record(v, rec, &img, &err), CAIRN_OK);
		assert_int_equal(img->width, 2);
		image_free(img);
	} else {
		assert_int_equal(image_from_record(v, rec, &img, &err), CAIRN_ERR_UNDECIDED);
	}
	cJSON_Delete(rec);

	/* a link only: never fetched */
	rec = cJSON_Parse("{\"image\":{\"url\":\"https://example.org/b.png\"}}");
	assert_int_equal(image_from_record(v, rec, &img, &err), CAIRN_ERR_UNDECIDED);
	assert_null(img);
	cJSON_Delete(rec);
	rec = cJSON_Parse("{\"title\":\"none\"}");
	assert_int_equal(image_from_record(v, rec, &img, &err), CAIRN_ERR_UNDECIDED);
	cJSON_Delete(rec);
	/* an index entry that is not an object name */
	rec = cJSON_Parse("{\"image\":{\"object\":\"xyz\"}}");
	assert_int_equal(image_from_record(v, rec, &img, &err), CAIRN_ERR_DAMAGED);
	cJSON_Delete(rec);

	free(two);
	vault_close(v);
	secret_free(pass);
	th_rmtree(dir);
	free(vdir);
	free(dir);
}

/* ---- rendering (no libpng needed: pictures built here) --------------- */

static struct image *
make_image(unsigned w, unsigned h, const uint8_t *rgba)
{
	struct image *img = calloc(1, sizeof *img);

	assert_non_null(img);
	img->width = w;
	img->height = h;
	img->rgba = malloc((size_t)w * h * 4);
	assert_non_null(img->rgba);
	memcpy(img->rgba, rgba, (size_t)w * h * 4);
	return img;
}

/* 2x2 into one cell: the upper half is the mean of the upper row. */
static void
render_2x2_into_one_cell(void **state)
{
	static const uint8_t px[16] = {255, 0,   0,   255, 0,   0,   255, 255,
	                               0,   255, 0,   255, 255, 255, 255, 255};
	struct image *img = make_image(2, 2, px);
	struct image_cell *cells = image_render(img, 1, 1, black);

	(void)state;
	assert_non_null(cells);
	assert_rgb(cells[0].top, 128, 0, 128);
	assert_rgb(cells[0].bottom, 128, 255, 128);
	free(cells);
	/* one cell per column at full size: exact pixels */
	cells = image_render(img, 2, 1, black);
	assert_rgb(cells[0].top, 255, 0, 0);
	assert_rgb(cells[1].top, 0, 0, 255);
	assert_rgb(cells[0].bottom, 0, 255, 0);
	assert_rgb(cells[1].bottom, 255, 255, 255);
	free(cells);
	assert_null(image_render(img, 0, 1, black));
	image_free(img);
}

/* Non-integer ratios weigh partly covered pixels by their area: 3 pixels
 * (0, 90, 255) into 2 give (0 + 45) / 1.5 = 30 and (45 + 255) / 1.5 = 200. */
static void
render_box_filter_weights(void **state)
{
	static const uint8_t px[12] = {0, 0, 0, 255, 90, 90, 90, 255, 255, 255, 255, 255};
	struct image *img = make_image(3, 1, px);
	struct image_cell *cells = image_render(img, 2, 1, black);

	(void)state;
	assert_rgb(cells[0].top, 30, 30, 30);
	assert_rgb(cells[0].bottom, 30, 30, 30);
	assert_rgb(cells[1].top, 200, 200, 200);
	assert_rgb(cells[1].bottom, 200, 200, 200);
	free(cells);
	/* enlarging repeats pixels */
	cells = image_render(img, 6, 2, black);
	assert_rgb(cells[0].top, 0, 0, 0);
	assert_rgb(cells[3].bottom, 90, 90, 90);
	assert_rgb(cells[6 + 5].bottom, 255, 255, 255);
	free(cells);
	image_free(img);
}

static void
render_composites_alpha(void **state)
{
	/* transparent white above half-opaque (128/255) black */
	static const uint8_t px[8] = {255, 255, 255, 0, 0, 0, 0, 128};
	struct image *img = make_image(1, 2, px);
	struct image_rgb bg = {100, 50, 200};
	struct image_cell *cells = image_render(img, 1, 1, bg);

	(void)state;
	assert_rgb(cells[0].top, 100, 50, 200);
	/* bg * 127/255: 49.8, 24.9, 99.6 */
	assert_rgb(cells[0].bottom, 50, 25, 100);
	free(cells);
	image_free(img);
}

static void
render_decoded_fixture(void **state)
{
	struct cairn_error err;
	struct image *img;
	struct image_cell *cells;
	struct image_rgb bg = {0, 0, 80};
	unsigned cols, rows;

	(void)state;
	if (!png_or_placeholder(IMG_DIR "checker-64.png"))
		return;
	img = decode_file(IMG_DIR "checker-64.png", CAIRN_OK, &err);
	image_fit(img, 4, 2, &cols, &rows);
	assert_int_equal(cols, 4);
	assert_int_equal(rows, 2);
	cells = image_render(img, cols, rows, bg);
	/* one output pixel per 16x16 square: orange where x + y is even */
	assert_rgb(cells[0].top, 240, 120, 0);
	assert_rgb(cells[0].bottom, 0, 0, 80);
	assert_rgb(cells[1].top, 0, 0, 80);
	assert_rgb(cells[1].bottom, 240, 120, 0);
	assert_rgb(cells[4 + 0].top, 240, 120, 0);
	assert_rgb(cells[4 + 1].top, 0, 0, 80);
	assert_rgb(cells[4 + 3].bottom, 240, 120, 0);
	free(cells);
	/* two squares in one pixel: the mean */
	cells = image_render(img, 2, 1, bg);
	assert_rgb(cells[0].top, 120, 60, 40);
	free(cells);
	image_free(img);
}

static void
fit_keeps_aspect(void **state)
{
	static uint8_t px[64 * 64 * 4];
	struct image *img = make_image(64, 64, px);
	unsigned c, r;

	(void)state;
	image_fit(img, 200, 100, &c, &r); /* never enlarged */
	assert_int_equal(c, 64);
	assert_int_equal(r, 32);
	image_fit(img, 30, 12, &c, &r); /* rows bind: 24 px high */
	assert_int_equal(c, 24);
	assert_int_equal(r, 12);
	image_fit(img, 16, 40, &c, &r); /* columns bind */
	assert_int_equal(c, 16);
	assert_int_equal(r, 8);
	image_fit(img, 0, 0, &c, &r);
	assert_int_equal(c, 1);
	assert_int_equal(r, 1);
	image_free(img);

	img = make_image(1, 3, px); /* odd height: the last cell is half used */
	image_fit(img, 10, 10, &c, &r);
	assert_int_equal(c, 1);
	assert_int_equal(r, 2);
	image_free(img);
}

static void
xterm256_mapping(void **state)
{
	(void)state;
	assert_int_equal(image_xterm256((struct image_rgb){0, 0, 0}), 16);
	assert_int_equal(image_xterm256((struct image_rgb){255, 255, 255}), 231);
	assert_int_equal(image_xterm256((struct image_rgb){255, 0, 0}), 196);
	assert_int_equal(image_xterm256((struct image_rgb){0, 255, 0}), 46);
	assert_int_equal(image_xterm256((struct image_rgb){0, 0, 255}), 21);
	/* cube level 95 is index 1, 135 index 2 */
	assert_int_equal(image_xterm256((struct image_rgb){95, 135, 0}), 16 + 36 + 12);
	/* near-cube colours snap to the cube */
	assert_int_equal(image_xterm256((struct image_rgb){250, 100, 5}), 16 + 180 + 6);
	/* greys that fall between cube levels use the grey ramp */
	assert_int_equal(image_xterm256((struct image_rgb){128, 128, 128}), 244);
	assert_int_equal(image_xterm256((struct image_rgb){8, 8, 8}), 232);
	assert_int_equal(image_xterm256((struct image_rgb){238, 238, 238}), 255);
	/* every result is in range for every grey */
	for (int v = 0; v < 256; v++) {
		int i = image_xterm256((struct image_rgb){(uint8_t)v, (uint8_t)v, (uint8_t)v});
		assert_true(i >= 16 && i <= 255);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_2x2_exact_pixels),
		cmocka_unit_test(decode_converts_palette_and_grey16),
		cmocka_unit_test(decode_real_baked_badge),
		cmocka_unit_test(refuses_huge_dimensions),
		cmocka_unit_test(refuses_truncated_and_bad_crc),
		cmocka_unit_test(svg_and_other_bytes),
		cmocka_unit_test(from_record_in_vault),
		cmocka_unit_test(render_2x2_into_one_cell),
		cmocka_unit_test(render_box_filter_weights),
		cmocka_unit_test(render_composites_alpha),
		cmocka_unit_test(render_decoded_fixture),
		cmocka_unit_test(fit_keeps_aspect),
		cmocka_unit_test(xterm256_mapping),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 99;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
