package xlsx

// MaxRow is Excel's last row, and MaxColumns its last column.
const (
	MaxRow     = 1_048_576
	MaxColumns = 16_384
)

// Limits bound what one workbook may hold. A hostile or broken upload is
// refused by one of these before it can fill memory or keep a core busy
// for minutes; the largest real list (3,670 projects, 30 columns) is far
// below each of the defaults.
type Limits struct {
	// UnzippedBytes bounds the sum of the parts as unpacked: a small zip
	// of a huge sheet (a zip bomb) is refused before it is inflated.
	UnzippedBytes int64
	// PartBytes bounds each part other than a worksheet: the shared
	// strings are held whole, as strings.
	PartBytes int64
	// Entries bounds the entries of the zip.
	Entries int
	// RowsRead bounds the rows stepped through in the whole workbook,
	// blank ones included.
	RowsRead int
	// Cells bounds the cells read in the whole workbook.
	Cells int
	// MergedCells bounds the cells the merged ranges of a sheet cover;
	// each range covers two cells or more, so a sheet may hold at most
	// MergedCells/2 ranges.
	MergedCells int
	// CellChars is the longest text of one cell, in characters.
	CellChars int
}

// The default limits (see Limits).
const (
	DefaultUnzippedBytes = 200 << 20
	DefaultPartBytes     = 32 << 20
	DefaultEntries       = 10_000
	DefaultRowsRead      = 4 * MaxRow // four sheets formatted down to Excel's last row
	DefaultCells         = 5_000_000
	DefaultMergedCells   = 2_000_000
	DefaultCellChars     = 32_767 // Excel's own limit
)

// DefaultLimits are the limits Open reads within unless told otherwise.
func DefaultLimits() Limits {
	return Limits{
		UnzippedBytes: DefaultUnzippedBytes,
		PartBytes:     DefaultPartBytes,
		Entries:       DefaultEntries,
		RowsRead:      DefaultRowsRead,
		Cells:         DefaultCells,
		MergedCells:   DefaultMergedCells,
		CellChars:     DefaultCellChars,
	}
}

// Option changes how Open reads a workbook.
type Option func(*Limits)

// WithLimits replaces every limit; a zero field keeps its default.
func WithLimits(l Limits) Option {
	return func(o *Limits) {
		d := *o
		*o = l
		fillZero(o, d)
	}
}

// MaxUnzippedBytes sets Limits.UnzippedBytes.
func MaxUnzippedBytes(n int64) Option { return func(o *Limits) { o.UnzippedBytes = n } }

// MaxRowsRead sets Limits.RowsRead.
func MaxRowsRead(n int) Option { return func(o *Limits) { o.RowsRead = n } }

// MaxCells sets Limits.Cells.
func MaxCells(n int) Option { return func(o *Limits) { o.Cells = n } }

// MaxCellChars sets Limits.CellChars.
func MaxCellChars(n int) Option { return func(o *Limits) { o.CellChars = n } }

func fillZero(o *Limits, d Limits) {
	if o.UnzippedBytes <= 0 {
		o.UnzippedBytes = d.UnzippedBytes
	}
	if o.PartBytes <= 0 {
		o.PartBytes = d.PartBytes
	}
	if o.Entries <= 0 {
		o.Entries = d.Entries
	}
	if o.RowsRead <= 0 {
		o.RowsRead = d.RowsRead
	}
	if o.Cells <= 0 {
		o.Cells = d.Cells
	}
	if o.MergedCells <= 0 {
		o.MergedCells = d.MergedCells
	}
	if o.CellChars <= 0 {
		o.CellChars = d.CellChars
	}
}

func limitsOf(opts []Option) Limits {
	l := DefaultLimits()
	for _, o := range opts {
		o(&l)
	}
	fillZero(&l, DefaultLimits())
	return l
}
