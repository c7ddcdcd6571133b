package docimport

import (
	"runtime"
	"time"

	"rectify/internal/ledger"
)

// The limits below bound what one upload may cost. A real 对照检查材料 or
// 整改方案 is tens of kilobytes of text and a few hundred of XML; every
// limit is far above that and far below what hurts the server. They are
// listed in docs/SECURITY.md.
const (
	// MaxTextBytes bounds the text of one document, after a .docx is
	// unpacked or a .txt decoded, merged table cells counted each time
	// they repeat: about 350,000 Chinese characters, some 200 pages, ten
	// times the largest real 整改方案. Parsing is linear in it; the worst
	// case (short numbered lines) takes about 0.25 s of CPU.
	MaxTextBytes = 1 << 20
	// MaxDocumentXMLBytes bounds the decompressed word/document.xml, so
	// that a small .docx cannot make the server inflate gigabytes.
	MaxDocumentXMLBytes = 16 << 20
	// MaxXMLDepth bounds how deeply the elements of word/document.xml
	// nest. Word's own documents stay under 30 even with text boxes in
	// nested tables.
	MaxXMLDepth = 100
	// maxParagraphNesting is how many paragraphs (text boxes inside
	// paragraphs) are told apart; deeper ones join the one around them.
	maxParagraphNesting = 8
	// parseWait is how long an upload waits for a free parser before the
	// server answers that it is busy.
	parseWait = 3 * time.Second
)

// maxParallelParses bounds how many documents are parsed at once, so
// that a burst of uploads cannot take every core and the memory of
// several parses; further uploads wait up to parseWait, then are refused.
var maxParallelParses = min(max(runtime.NumCPU(), 1), 4)

// Reason keys of the errors the limits give; the web translates them.
const (
	ReasonTooLarge     = "document.too_large"
	ReasonXMLTooLarge  = "document.xml_too_large"
	ReasonTooDeep      = "document.too_deep"
	ReasonTextTooLarge = "document.text_too_large"
	ReasonBusy         = "document.busy"
)

func errTextTooLarge() error {
	return ledger.Reasonf(ledger.ETOOLARGE, ReasonTextTooLarge,
		"the document's text is larger than the limit of %d MB", MaxTextBytes>>20)
}

func errXMLTooLarge() error {
	return ledger.Reasonf(ledger.ETOOLARGE, ReasonXMLTooLarge,
		"word/document.xml expands to more than the limit of %d MB", MaxDocumentXMLBytes>>20)
}

func errTooDeep() error {
	return ledger.Reasonf(ledger.EUNPROCESS, ReasonTooDeep,
		"word/document.xml nests elements deeper than the limit of %d levels", MaxXMLDepth)
}

// gate is a counting semaphore with a bounded wait.
type gate struct {
	slots chan struct{}
	wait  time.Duration
}

func newGate(n int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

// parses is the gate every parse of an upload goes through.
var parses = newGate(maxParallelParses, parseWait)

// enter takes a slot, waiting up to g.wait; it returns the function that
// gives the slot back, or ERATELIMIT when every slot stayed busy.
func (g *gate) enter() (func(), error) {
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	case <-t.C:
		return nil, ledger.Reasonf(ledger.ERATELIMIT, ReasonBusy,
			"the server is parsing %d documents already; try again in a moment", cap(g.slots))
	}
}

func (g *gate) leave() { <-g.slots }
