/*
 * limits.h - every structural limit of carec-report, with its reason.
 *
 * Any module may include this. Limits are structural (sizes and counts),
 * never wall-clock timers, so a build is deterministic: the same input hits
 * the same limit on every machine. Each limit, when hit, is an error
 * diagnostic (DIAG_LIMIT) that names the limit and the place.
 *
 * Each value may be overridden at compile time (-DLIMIT_...=N) only for
 * the test build that exercises limits too large to reach cheaply.
 */
#ifndef CAREC_UTIL_LIMITS_H
#define CAREC_UTIL_LIMITS_H

/* Largest YAML file read. A real report is 2 to 50 pages, a few hundred
 * KB; the benchmark's 5000-page report (22 MB) is written as chapter
 * files that the report includes. Anything larger is almost surely not a
 * report. A regular file's size is checked before a byte is read, so a
 * huge file is refused at once; and since a scalar cannot be longer than
 * its file, libyaml is never fed more than this before LIMIT_SCALAR_BYTES
 * is checked (libyaml's scanner is linear: 10 MB take about 0.1 s). */
#ifndef LIMIT_FILE_BYTES
#define LIMIT_FILE_BYTES (10L * 1024 * 1024)
#endif

/* Largest font file read. A font is read whole into memory once per run
 * (it is not mapped: a file cut short while in use would end the run with
 * SIGBUS); the bundled Noto Sans faces are 0.5 MB each and the largest
 * one-language fonts a few MB (a CJK face about 20 MB). The size is
 * checked before a byte is read. */
#ifndef LIMIT_FONT_BYTES
#define LIMIT_FONT_BYTES (64L * 1024 * 1024)
#endif

/* Most bytes of YAML read through includes in one load, each inclusion
 * counted (a file included twice counts twice, whether it is copied from
 * the first reading or read again). Without it one 1 MB file included
 * 3000 times is 3 GB of text from a 75 KB report. 32 MB holds the
 * benchmark's 5000 pages in chapter files with room to spare. */
#ifndef LIMIT_INCLUDE_BYTES
#define LIMIT_INCLUDE_BYTES (32L * 1024 * 1024)
#endif

/* Deepest nesting of mappings and sequences. Reports nest a few levels
 * (document > blocks > list > items > list ...); recursion over the node
 * tree uses the C stack, so depth must stay far below what it can hold. */
#ifndef LIMIT_NESTING_DEPTH
#define LIMIT_NESTING_DEPTH 64
#endif

/* Deepest chain of includes. Shared content is included one or two levels
 * deep; a long chain is a mistake, and each level holds a file open. */
#ifndef LIMIT_INCLUDE_DEPTH
#define LIMIT_INCLUDE_DEPTH 16
#endif

/* Most files loaded by one report (includes, counted once each). */
#ifndef LIMIT_INCLUDE_FILES
#define LIMIT_INCLUDE_FILES 1024
#endif

/* Most symbolic links followed while one path written in a report is
 * walked (util/paths.c walks links itself, to know where each leads). The
 * system stops at 40 too (ELOOP); a real project has one or two links on
 * a path, and a loop of links would otherwise never end. */
#ifndef LIMIT_PATH_LINKS
#define LIMIT_PATH_LINKS 40
#endif

/* Most nodes created by expanding aliases, summed over a load. An alias
 * copies its anchor's subtree; nested aliases multiply ("billion laughs"),
 * so a few lines could otherwise ask for gigabytes. Real reports alias a
 * handful of small nodes. */
#ifndef LIMIT_ALIAS_NODES
#define LIMIT_ALIAS_NODES 100000L
#endif

/* Most bytes of text copied by aliases, summed over a load.
 * LIMIT_ALIAS_NODES counts values, not their size: a 4 KB paragraph
 * aliased 90000 times is 90000 values but 360 MB of text, which every
 * later stage copies, breaks into lines and lays out. Real reports alias
 * a title or a name, a few KB in all. */
#ifndef LIMIT_ALIAS_BYTES
#define LIMIT_ALIAS_BYTES (4L * 1024 * 1024)
#endif

/* Most bytes of text in one document: every value as loaded, with the
 * copies that aliases and includes make. With LIMIT_DATA_ADDED_BYTES
 * (what data references add) it bounds the text of the finished
 * document, and with it the work and memory of every later stage. The
 * benchmark's 5000 pages have 21 MB of text. */
#ifndef LIMIT_TEXT_BYTES
#define LIMIT_TEXT_BYTES (32L * 1024 * 1024)
#endif

/* Longest title, subtitle, author, subject or keywords of a document,
 * in bytes (after data references are filled in). They go into the PDF's
 * properties, where a string may not pass 65,535 bytes, onto the cover
 * and into every running head; a real title has under 200 characters, and
 * a title of a megabyte (a data value referred to many times) made every
 * layout pass set it again. */
#ifndef LIMIT_META_BYTES
#define LIMIT_META_BYTES 4096L
#endif

/* Most nodes in one load (all files), aliases included. The benchmark's
 * 5000-page report has about 1.5 million nodes. */
#ifndef LIMIT_TOTAL_NODES
#define LIMIT_TOTAL_NODES 8000000L
#endif

/* Longest single scalar. A paragraph is a few KB; this bounds the cost of
 * one string in every later stage. */
#ifndef LIMIT_SCALAR_BYTES
#define LIMIT_SCALAR_BYTES (1L * 1024 * 1024)
#endif

/* Most pages in one document. Beyond this a report is a runaway (a block
 * that never fits); libharu's page tree also slows down. */
#ifndef LIMIT_PAGES
#define LIMIT_PAGES 20000
#endif

/* Deepest nesting of lists. Outlines and legal-style lists go 4 to 6
 * levels; every level indents its text by at least 1.6 em, so at 10
 * levels the text has lost a third of an A4 column, and deeper lists
 * are better split. Layout recurses once per level. */
#ifndef LIMIT_LIST_DEPTH
#define LIMIT_LIST_DEPTH 10
#endif

/* Largest image file read (PNG or JPEG). A print-quality photo for a full
 * A4 page is a few MB; the whole file is read into memory to be decoded
 * and, for a JPEG, embedded as it is. */
#ifndef LIMIT_IMAGE_BYTES
#define LIMIT_IMAGE_BYTES (64L * 1024 * 1024)
#endif

/* Most pixels in one image, checked from the file's header before any
 * pixel memory is allocated. A few bytes of PNG or JPEG can declare a
 * picture of billions of pixels (a decompression bomb); 40 megapixels
 * (5 bytes each at most: CMYK plus alpha, 200 MB) is more than a full A3
 * page at 300 dpi (17.4 MP) or a 36-megapixel camera. */
#ifndef LIMIT_IMAGE_PIXELS
#define LIMIT_IMAGE_PIXELS 40000000L
#endif

/* Most bytes of decoded images in one document, all distinct images
 * together (each file counts once however often it is shown): a raster
 * image counts its samples (pixels times colour components, plus one for
 * transparency), a JPEG embedded as it is counts its file. Every image is
 * held decoded until the PDF is written, and the PDF library keeps a copy
 * of its samples, so a report holds about twice this: ten 40-megapixel
 * RGB PNGs (1.2 GB of samples, each under LIMIT_IMAGE_PIXELS) took 3.1 GB.
 * 256 MB is 28 full A4 pages of RGB at 300 dpi as PNG, and any number of
 * photographs as JPEG. */
#ifndef LIMIT_DOC_IMAGE_BYTES
#define LIMIT_DOC_IMAGE_BYTES (256L * 1024 * 1024)
#endif

/* Most scans in a progressive JPEG. Each scan re-reads the whole image's
 * coefficients, so a small file with thousands of tiny scans takes
 * minutes to decode; real encoders write about 10 (libjpeg's default
 * progression 6 to 10, mozjpeg's optimised ones up to about 20). */
#ifndef LIMIT_JPEG_SCANS
#define LIMIT_JPEG_SCANS 100
#endif

/* Most pixels the scans of one JPEG read in all (scans times the
 * image's pixels). Scans alone do not bound the work: 452 scans of a
 * 36-megapixel picture (an 8 MB file) take 4.5 s to decode, and again
 * in every layout pass. A billion is 25 scans of the largest picture
 * allowed (LIMIT_IMAGE_PIXELS) or 100 of a 10-megapixel one: about
 * 0.3 s of decoding. */
#ifndef LIMIT_JPEG_SCAN_PIXELS
#define LIMIT_JPEG_SCAN_PIXELS 1000000000LL
#endif

/* Most columns in one table. At 64 columns an A3 landscape page gives
 * each about 6mm, too narrow for any number; wider data belongs in
 * several tables. Validation keeps a fixed array per column. */
#ifndef LIMIT_TABLE_COLUMNS
#define LIMIT_TABLE_COLUMNS 64
#endif

/* Most cells in one table (rows times columns, a spanned cell counting
 * once per slot it covers). Layout measures a whole table before it cuts
 * it into pages, holding every cell's lines at once; 100000 cells is
 * about 2000 A4 pages of a 10-column table, far beyond any real annex,
 * while a runaway generated table could otherwise take gigabytes. */
#ifndef LIMIT_TABLE_CELLS
#define LIMIT_TABLE_CELLS 100000L
#endif

/* Deepest nesting of SVG elements (groups in groups). Logos and icons
 * nest a few levels; the SVG walk recurses on the C stack, and a hostile
 * file can nest groups thousands deep to attack exactly that. */
#ifndef LIMIT_SVG_DEPTH
#define LIMIT_SVG_DEPTH 64
#endif

/* Most path segments in one SVG file (after arcs become Béziers). A
 * detailed logo has a few thousand; each segment is a PDF operator, so a
 * traced photograph would bloat every page that shows it. */
#ifndef LIMIT_SVG_SEGMENTS
#define LIMIT_SVG_SEGMENTS 200000L
#endif

/* Most elements in one SVG file. A detailed logo has a few thousand;
 * each element is kept (with its attributes) until the file is drawn,
 * and a 4 MB file of empty unknown elements is 650000 of them, each
 * looked at and warned about in turn. */
#ifndef LIMIT_SVG_ELEMENTS
#define LIMIT_SVG_ELEMENTS 100000L
#endif

/* Largest SVG file read. Clean vector logos are tens of KB; anything much
 * bigger usually embeds a raster image (which is skipped anyway). */
#ifndef LIMIT_SVG_BYTES
#define LIMIT_SVG_BYTES (4L * 1024 * 1024)
#endif

/* Most shapes filled with a gradient on one page, every drawing on it
 * together. Each is a shading of its own, named in the page's /Shading
 * resource dictionary, and libharu 2.3 refuses to put more than 4095
 * entries in a dictionary (HPDF_LIMIT_MAX_DICT_ELEMENT; its error 0x1007
 * is HPDF_DICT_COUNT_ERR), which would fail the whole PDF at the
 * 4096th. */
#ifndef LIMIT_PAGE_GRADIENTS
#define LIMIT_PAGE_GRADIENTS 4095
#endif

/* Most shapes of one SVG file filled with a gradient. A drawing with
 * gradients has a few dozen; each costs a PDF object and a colour
 * function (about 300 bytes) wherever the drawing is shown, and a page
 * holds LIMIT_PAGE_GRADIENTS in all: a few drawings at this limit still
 * fit on one page. */
#ifndef LIMIT_SVG_GRADIENTS
#define LIMIT_SVG_GRADIENTS 1000
#endif

/* Most categories and series in one chart. Beyond about 60 bars or
 * slices the labels cannot be read at any page size, and the palette has
 * 8 clearly different colours (12 with tints); the chart layout keeps
 * fixed-size arrays per series. */
#ifndef LIMIT_CHART_CATEGORIES
#define LIMIT_CHART_CATEGORIES 60
#endif
#ifndef LIMIT_CHART_SERIES
#define LIMIT_CHART_SERIES 12
#endif

/* Data references (model/data.c). A report's 'data:' holds a handful of
 * facts (years, counts, names); names are looked up linearly, so a few
 * hundred stay cheap. An expression is simple arithmetic such as
 * {{ anniversary - founded }}: more terms than this is a program, not a
 * fact. Numbers stay within +-10^15 so that sums and products of two are
 * checked for overflow without wider types. */
#ifndef LIMIT_DATA_NAMES
#define LIMIT_DATA_NAMES 512
#endif
#ifndef LIMIT_DATA_TERMS
#define LIMIT_DATA_TERMS 16
#endif
#ifndef LIMIT_DATA_VALUE
#define LIMIT_DATA_VALUE 1000000000000000LL
#endif

/* Largest data file of merge (CSV or JSON Lines; a YAML one is a YAML
 * file, LIMIT_FILE_BYTES), and most rows in it. A row is a letter of a
 * few hundred bytes: 64 MB is a hundred thousand donors and more, and a
 * million rows is a day of work for one machine, which --shard splits.
 * The file is read whole, so the size is checked before a byte is read. */
#ifndef LIMIT_DATA_FILE_BYTES
#define LIMIT_DATA_FILE_BYTES (64L * 1024 * 1024)
#endif
/* Most shards of a merge (--shard I/N, a job array's tasks). */
#ifndef LIMIT_SHARDS
#define LIMIT_SHARDS 1000000L
#endif
#ifndef LIMIT_MERGE_ROWS
#define LIMIT_MERGE_ROWS 1000000L
#endif

/* Longest text once its data references are filled in, and most bytes
 * the references of one document add in all. A reference copies its
 * value: a 10 KB value referenced 100000 times in one paragraph (a 1 MB
 * report) would be a 1 GB paragraph. A text is held to the length of
 * any one value (LIMIT_SCALAR_BYTES), and a report's references, a few
 * names and numbers each used a few times, add far less than 4 MB. */
#ifndef LIMIT_DATA_TEXT_BYTES
#define LIMIT_DATA_TEXT_BYTES (1L * 1024 * 1024)
#endif
#ifndef LIMIT_DATA_ADDED_BYTES
#define LIMIT_DATA_ADDED_BYTES (4L * 1024 * 1024)
#endif

/* Most columns in a columns section, and panels on one page. Past three
 * columns an A4 column is under 55mm, too narrow for a line of body text
 * to break well; a folded sheet has at most four panels (a z-fold of
 * four), since narrower panels cannot be folded cleanly. */
#ifndef LIMIT_COLUMNS
#define LIMIT_COLUMNS 3
#endif
#ifndef LIMIT_PANELS
#define LIMIT_PANELS 4
#endif

/* Most messages printed by one run, and the widest excerpt of a source
 * line under a message. A mistake repeated through a long file (a
 * duplicated key 100,000 times, an SVG on one 3 MB line) would otherwise
 * print megabytes nobody reads; the first hundred show what is wrong, the
 * rest are counted in one line (the exit status counts them all). An
 * excerpt of 200 columns around the caret, with '…' where the line is
 * cut, fits two terminal widths, as GCC and rustc cut long lines. */
#ifndef LIMIT_DIAG_PRINTED
#define LIMIT_DIAG_PRINTED 100
#endif
#ifndef LIMIT_DIAG_LINE_COLUMNS
#define LIMIT_DIAG_LINE_COLUMNS 200
#endif

/* Most combining marks (accents, Unicode non-starters) on one character
 * in a row, as in Unicode's Stream-Safe Text Format (UAX #15), which
 * caps them at 30. Real text puts two or three on a letter; shaping
 * places each mark against the ones before it, so a letter followed by
 * 300000 accents took minutes. */
#ifndef LIMIT_COMBINING_MARKS
#define LIMIT_COMBINING_MARKS 30
#endif

/* Most links in one document, the entries of contents blocks included.
 * Each becomes a PDF annotation that the PDF library holds in memory
 * (about 3.5 KB) until the file is written, and viewers slow down on
 * pages thick with them: 100000 links took 400 MB. A report with a long
 * list of references has a few thousand. */
#ifndef LIMIT_LINKS
#define LIMIT_LINKS 50000L
#endif

/* Longest watermark text, in characters. A watermark is a word or two
 * ("DRAFT", "CONFIDENTIAL - NOT FOR CIRCULATION"); it is sized to run
 * across the page's diagonal, so a long text would be too small to read,
 * and every page draws all of it. */
#ifndef LIMIT_WATERMARK_CHARS
#define LIMIT_WATERMARK_CHARS 200
#endif

/* Heading levels and similar small structural sizes are checked by the
 * schema itself (model.h). */

#endif
