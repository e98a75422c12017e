/* Badge images for the terminal; see image.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBPNG
#include <png.h>
#endif

#include "i18n.h"
#include "image.h"
#include "json.h"
#include "cairn_limits.h"

static const unsigned char png_signature[8] = {0x89, 'P',  'N',  'G',
                                               '\r', '\n', 0x1a, '\n'};

void
image_free(struct image *img)
{
	if (img == NULL)
		return;
	free(img->rgba);
	free(img);
}

/* An SVG picture: XML text whose first element is svg (after an XML
 * declaration, comments or a doctype), or which names the SVG namespace
 * early.  Only used to choose a placeholder over an error. */
static int
looks_like_svg(const unsigned char *data, size_t len)
{
	size_t i = 0, n = len < 4096 ? len : 4096;

	if (n >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
		i = 3;
	while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
	                 data[i] == '\n'))
		i++;
	if (i >= n || data[i] != '<')
		return 0;
	for (; i + 4 <= n; i++)
		if (memcmp(data + i, "<svg", 4) == 0)
			return 1;
	return 0;
}

#ifdef HAVE_LIBPNG

struct png_reader {
	const unsigned char *data;
	size_t len, off;
	char msg[200];
};

static void
png_fail(png_structp png, png_const_charp msg)
{
	struct png_reader *r = png_get_error_ptr(png);

	snprintf(r->msg, sizeof r->msg, "%s", msg);
	png_longjmp(png, 1);
}

static void
png_warn(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* damaged ancillary chunks are skipped, as browsers do */
}

static void
png_read_bytes(png_structp png, png_bytep out, size_t n)
{
	struct png_reader *r = png_get_io_ptr(png);

	if (n > r->len - r->off)
		png_error(png, "the file ends too early");
	memcpy(out, r->data + r->off, n);
	r->off += n;
}

/* Chunks never needed to draw the picture, including the baked
 * credential's text: skipped without being inflated or kept. */
static const png_byte skipped_chunks[] = "iTXt\0zTXt\0tEXt\0iCCP\0sPLT\0eXIf\0"
                                         "hIST\0pCAL\0sCAL\0sTER\0tIME\0";

static enum cairn_err
png_decode(const unsigned char *data, size_t len, struct image *img,
           struct cairn_error *err)
{
	struct png_reader r = {data, len, 0, ""};
	png_structp png;
	png_infop info = NULL;
	png_bytep *volatile rows = NULL;
	uint8_t *volatile pixels = NULL;
	volatile enum cairn_err rc = CAIRN_ERR_USAGE;
	volatile int told = 0; /* err already says why */
	png_uint_32 w, h;

	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r, png_fail,
	                             png_warn);
	if (png == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	info = png_create_info_struct(png);
	if (info == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	if (setjmp(png_jmpbuf(png))) {
		if (!told)
			cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("damaged PNG picture: %s; the badge is "
			      "shown without it"),
			    r.msg);
		free(rows);
		free(pixels);
		png_destroy_read_struct(&png, &info, NULL);
		return rc;
	}
	png_set_read_fn(png, &r, png_read_bytes);
	png_set_user_limits(png, CAIRN_MAX_IMAGE_SIDE, CAIRN_MAX_IMAGE_SIDE);
	png_set_chunk_cache_max(png, CAIRN_MAX_PNG_CHUNKS);
	png_set_chunk_malloc_max(png, CAIRN_MAX_INFLATED);
	png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, skipped_chunks,
	                            (int)(sizeof skipped_chunks / 5));
	png_read_info(png, info);
	w = png_get_image_width(png, info);
	h = png_get_image_height(png, info);
	if ((uint64_t)w * h * 4 > CAIRN_MAX_IMAGE_BYTES) {
		rc = cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("PNG picture of %lu x %lu pixels is over the "
		      "limit of %lu decoded bytes; the badge is "
		      "shown without it"),
		    (unsigned long)w, (unsigned long)h,
		    (unsigned long)CAIRN_MAX_IMAGE_BYTES);
		told = 1;
		png_error(png, "limit");
	}
	png_set_expand(png);
	png_set_strip_16(png);
	png_set_gray_to_rgb(png);
	png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
	(void)png_set_interlace_handling(png);
	png_read_update_info(png, info);
	if (png_get_rowbytes(png, info) != (size_t)w * 4)
		png_error(png, "unexpected row layout");
	pixels = malloc((size_t)w * h * 4);
	rows = malloc(sizeof *rows * h);
	if (pixels == NULL || rows == NULL) {
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		told = 1;
		png_error(png, "memory");
	}
	for (png_uint_32 y = 0; y < h; y++)
		rows[y] = pixels + (size_t)y * w * 4;
	png_read_image(png, rows);
	png_read_end(png, NULL);
	free(rows);
	png_destroy_read_struct(&png, &info, NULL);
	img->width = w;
	img->height = h;
	img->rgba = pixels;
	return CAIRN_OK;
}

int
image_supported(void)
{
	return 1;
}

#else /* !HAVE_LIBPNG */

static enum cairn_err
png_decode(const unsigned char *data, size_t len, struct image *img,
           struct cairn_error *err)
{
	(void)data;
	(void)len;
	(void)img;
	return cairn_error_set(
	    err, CAIRN_ERR_UNDECIDED,
	    _("images need libpng: this cairn was built "
	      "without it; rebuild with libpng-dev installed"));
}

int
image_supported(void)
{
	return 0;
}

#endif

enum cairn_err
image_decode(const unsigned char *data, size_t len, struct image **out,
             struct cairn_error *err)
{
	struct image *img;
	enum cairn_err rc;

	*out = NULL;
	if (len >= sizeof png_signature &&
	    memcmp(data, png_signature, sizeof png_signature) == 0) {
		img = calloc(1, sizeof *img);
		if (img == NULL)
			return cairn_error_set(err, CAIRN_ERR_IO,
			                       _("out of memory"));
		rc = png_decode(data, len, img, err);
		if (rc != CAIRN_OK) {
			image_free(img);
			return rc;
		}
		*out = img;
		return CAIRN_OK;
	}
	if (looks_like_svg(data, len))
		return cairn_error_set(
		    err, CAIRN_ERR_UNDECIDED,
		    _("SVG pictures are not drawn in the "
		      "terminal; export the badge to see it"));
	return cairn_error_set(
	    err, CAIRN_ERR_USAGE,
	    _("the picture is neither PNG nor SVG; the badge "
	      "is shown without it"));
}

enum cairn_err
image_from_record(struct vault *v, const cJSON *record, struct image **out,
                  struct cairn_error *err)
{
	const char *hex = json_str(json_obj(record, "image"), "object");
	struct vault_name name;
	unsigned char *data = NULL;
	size_t len = 0;
	enum cairn_err rc;

	*out = NULL;
	if (hex == NULL)
		return cairn_error_set(
		    err, CAIRN_ERR_UNDECIDED,
		    _("this badge has no picture stored in the "
		      "vault (links are never fetched)"));
	if (vault_name_parse(hex, &name) != 0)
		return cairn_error_set(
		    err, CAIRN_ERR_DAMAGED,
		    _("the index names a picture that is not an "
		      "object name; run cairn check"));
	rc = vault_get(v, &name, &data, &len, err);
	if (rc != CAIRN_OK)
		return rc;
	rc = image_decode(data, len, out, err);
	free(data);
	return rc;
}

/* Rounding helpers for non-negative values (no libm needed). */
static double
dmin(double a, double b)
{
	return a < b ? a : b;
}

static double
dmax(double a, double b)
{
	return a > b ? a : b;
}

static unsigned
uceil(double v)
{
	unsigned u = (unsigned)v;

	return (double)u < v ? u + 1 : u;
}

void
image_fit(const struct image *img, unsigned max_cols, unsigned max_rows,
          unsigned *cols, unsigned *rows)
{
	double s = 1.0, sx, sy;
	unsigned c, r;

	if (max_cols == 0)
		max_cols = 1;
	if (max_rows == 0)
		max_rows = 1;
	sx = (double)max_cols / img->width;
	sy = 2.0 * max_rows / img->height;
	if (sx < s)
		s = sx;
	if (sy < s)
		s = sy;
	c = (unsigned)(img->width * s + 1e-9);
	r = uceil(img->height * s / 2.0 - 1e-9);
	*cols = c < 1 ? 1 : c > max_cols ? max_cols : c;
	*rows = r < 1 ? 1 : r > max_rows ? max_rows : r;
}

/* The area-weighted mean of the composited source pixels that output
 * pixel (ox, oy) of an ow x oh grid covers. */
static struct image_rgb
box_pixel(const struct image *img, unsigned ox, unsigned oy, unsigned ow,
          unsigned oh, struct image_rgb bg)
{
	double x0 = (double)ox * img->width / ow;
	double x1 = (double)(ox + 1) * img->width / ow;
	double y0 = (double)oy * img->height / oh;
	double y1 = (double)(oy + 1) * img->height / oh;
	double sum[3] = {0, 0, 0}, area = 0;
	unsigned sx0 = (unsigned)x0, sy0 = (unsigned)y0;
	unsigned sx1 = uceil(x1), sy1 = uceil(y1);
	struct image_rgb out;

	if (sx1 > img->width)
		sx1 = img->width;
	if (sy1 > img->height)
		sy1 = img->height;
	for (unsigned y = sy0; y < sy1; y++) {
		double wy = dmin(y1, y + 1.0) - dmax(y0, (double)y);
		if (wy <= 0)
			continue;
		for (unsigned x = sx0; x < sx1; x++) {
			double wx = dmin(x1, x + 1.0) - dmax(x0, (double)x);
			const uint8_t *p =
			    img->rgba + ((size_t)y * img->width + x) * 4;
			double a = p[3] / 255.0, wgt;
			if (wx <= 0)
				continue;
			wgt = wx * wy;
			sum[0] += wgt * (p[0] * a + bg.r * (1 - a));
			sum[1] += wgt * (p[1] * a + bg.g * (1 - a));
			sum[2] += wgt * (p[2] * a + bg.b * (1 - a));
			area += wgt;
		}
	}
	if (area <= 0)
		return bg;
	out.r = (uint8_t)dmin(255.0, sum[0] / area + 0.5);
	out.g = (uint8_t)dmin(255.0, sum[1] / area + 0.5);
	out.b = (uint8_t)dmin(255.0, sum[2] / area + 0.5);
	return out;
}

struct image_cell *
image_render(const struct image *img, unsigned cols, unsigned rows,
             struct image_rgb bg)
{
	struct image_cell *cells;

	if (cols == 0 || rows == 0 || img == NULL || img->width == 0 ||
	    img->height == 0)
		return NULL;
	cells = calloc((size_t)cols * rows, sizeof *cells);
	if (cells == NULL)
		return NULL;
	for (unsigned r = 0; r < rows; r++)
		for (unsigned c = 0; c < cols; c++) {
			struct image_cell *cell = &cells[(size_t)r * cols + c];
			cell->top =
			    box_pixel(img, c, 2 * r, cols, 2 * rows, bg);
			cell->bottom =
			    box_pixel(img, c, 2 * r + 1, cols, 2 * rows, bg);
		}
	return cells;
}

static const uint8_t cube_levels[6] = {0, 95, 135, 175, 215, 255};

static int
nearest_level(uint8_t v)
{
	int best = 0;

	for (int i = 1; i < 6; i++)
		if (abs(v - cube_levels[i]) < abs(v - cube_levels[best]))
			best = i;
	return best;
}

static long
dist2(int r, int g, int b, struct image_rgb c)
{
	long dr = r - c.r, dg = g - c.g, db = b - c.b;

	return dr * dr + dg * dg + db * db;
}

int
image_xterm256(struct image_rgb c)
{
	int ri = nearest_level(c.r), gi = nearest_level(c.g),
	    bi = nearest_level(c.b);
	long dcube =
	    dist2(cube_levels[ri], cube_levels[gi], cube_levels[bi], c);
	int mean = (c.r + c.g + c.b) / 3, gi24;
	long dgrey;

	/* greys 232..255 are 8, 18, ..., 238 */
	gi24 = mean < 8 ? 0 : mean > 238 ? 23 : (mean - 8 + 5) / 10;
	dgrey = dist2(8 + 10 * gi24, 8 + 10 * gi24, 8 + 10 * gi24, c);
	if (dgrey < dcube)
		return 232 + gi24;
	return 16 + 36 * ri + 6 * gi + bi;
}
