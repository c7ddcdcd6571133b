package sheet

// Limits on what Read accepts, all in one place (docs/SECURITY.md lists
// them). Each is checked before excelize sees the file, from the zip's
// directory and one streaming pass over the sheet, so a hostile workbook
// is refused in bounded time and memory: the cost of everything after the
// checks grows with rows × MaxColumns, never with what a file claims.
const (
	// MaxFileBytes bounds the uploaded file itself.
	MaxFileBytes = 32 << 20
	// MaxUnzipBytes bounds the sum of the parts' uncompressed sizes.
	// archive/zip refuses a part that inflates past its declared size, so
	// the declared sizes are a true bound.
	MaxUnzipBytes = 256 << 20
	// MaxSharedStringsBytes bounds the shared-string table, which excelize
	// holds in memory whole.
	MaxSharedStringsBytes = 32 << 20
	// MaxParts bounds the number of files inside the package.
	MaxParts = 2000
	// MaxRows bounds the sheet's last row number: a ledger of 100,000
	// measures with its title and header fits.
	MaxRows = 120000
	// MaxColumns bounds the last column that holds a cell (column IV).
	MaxColumns = 256
	// MaxMerges bounds the merged ranges of a sheet. Overlapping merges,
	// which Excel itself calls a damaged file, are refused at any count.
	MaxMerges = 200000
	// readColumns is how many columns of each row are read: a ledger
	// has 17; wider cells are ignored.
	readColumns = 64
	// headerSearch is how far down the header row may be.
	headerSearch = 20
)
