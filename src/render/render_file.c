/* render_file.c - writing the PDF to an output file (see render.h and
 * util/outfile.h). */
#include "render/render.h"

#include <stdlib.h>

int
render_stream_finish_to(render_stream *rs, const layout_doc *ld, outfile *of,
                        diag_list *diags)
{
	int ret = -1;
	outfile_kind kind = outfile_kind_of(of);
	if (kind == OUTFILE_STDOUT || kind == OUTFILE_DIRECT) {
		/* What is written in place cannot be taken back: the whole
		 * PDF first, then all of it or nothing. */
		unsigned char *data = NULL;
		size_t len = 0;
		if (render_stream_finish(rs, ld, &data, &len, diags) == 0 &&
		    outfile_begin(of, diags) == 0) {
			(void)outfile_write(of, data, len);
			ret = outfile_finish(of, diags);
		}
		free(data);
	} else if (render_stream_prepare(rs, ld, diags) == 0 &&
	           outfile_begin(of, diags) == 0) {
		/* Everything but the bytes came first: a report that fails
		 * does not touch the file system. */
		int r = render_stream_write(rs, outfile_write, of, diags);
		/* Says why a write failed, if one did. */
		int f = outfile_finish(of, diags);
		ret = r == 0 && f == 0 ? 0 : -1;
	}
	render_stream_free(rs);
	return ret;
}

int
render_pdf_file(const layout_doc *ld, const render_options *opts,
                const char *path, diag_list *diags)
{
	outfile *of = NULL;
	render_stream *rs = render_stream_layout(ld, opts, diags);
	if (outfile_plan(&of, path, OUTFILE_PDF, diags) != 0) {
		render_stream_free(rs);
		return -1;
	}
	int ret = render_stream_finish_to(rs, ld, of, diags);
	if (ret == 0)
		ret = outfile_commit(of, diags);
	outfile_free(of);
	return ret;
}
