package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a strict streaming XML tokenizer over a fixed buffer, for
// the sheet and shared-string parts. It accepts what encoding/xml's
// Decoder.Token accepts in strict mode (the reference excelize reads with)
// and refuses the rest; where it is stricter (a DOCTYPE, an encoding other
// than UTF-8, nesting past maxXMLDepth, a tag over maxTagBytes) it refuses
// with an error rather than reading something else. Names and attribute
// values it returns point into its buffer: they are valid until the next
// call of next.
type xmlScanner struct {
	r        io.Reader
	buf      []byte
	pos, end int  // unread bytes are buf[pos:end]
	eof      bool // r is exhausted
	err      error

	// The tag just returned by next.
	name, local []byte
	selfClose   bool
	attrs       []xmlAttr
	vals        []byte // decoded attribute values that needed decoding
	pendingEnd  bool   // a self-closing tag's end element is next

	stack    []byte // raw names of the open elements, each followed by its length
	depth    int
	rootSeen bool // a root element was opened
}

// xmlAttr is one attribute of the current tag: its local name and its
// value, decoded (entities, line ends).
type xmlAttr struct {
	local    []byte
	val      []byte
	from, to int // val's place in the scanner's vals, when decoded
}

const (
	tokStart = iota + 1
	tokEnd
	tokEOF
)

const (
	// scanBufBytes is the scanner's buffer: what is held of a part at once.
	scanBufBytes = 64 << 10
	// maxTagBytes bounds one tag (its attributes) or processing
	// instruction: the buffer grows to it and no further.
	maxTagBytes = 1 << 20
	// maxXMLDepth bounds element nesting; a sheet nests six deep.
	maxXMLDepth = 512
)

// errXML is the reason given for any XML that is not well-formed.
var errXML = errors.New("XML 内容不完整或格式错误")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, scanBufBytes)}
}

// fill makes at least n bytes available from pos, moving the unread bytes
// to the front of the buffer and growing it up to maxTagBytes. It reports
// false when the part ends (or fails) first.
func (s *xmlScanner) fill(n int) bool {
	for s.end-s.pos < n {
		if s.eof || s.err != nil {
			return false
		}
		if s.pos > 0 {
			s.end = copy(s.buf, s.buf[s.pos:s.end])
			s.pos = 0
		}
		if n > len(s.buf) {
			if n > maxTagBytes {
				s.err = errors.New("XML 标记过长，文件可能已损坏")
				return false
			}
			nb := make([]byte, max(n, 2*len(s.buf)))
			copy(nb, s.buf[:s.end])
			s.buf = nb
		}
		k, err := s.r.Read(s.buf[s.end:])
		s.end += k
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.err = errors.New("压缩数据已损坏")
		}
	}
	return true
}

// at is the byte i places past pos, -1 past the end of the part.
func (s *xmlScanner) at(i int) int {
	if s.pos+i >= s.end && !s.fill(i+1) {
		return -1
	}
	return int(s.buf[s.pos+i])
}

// fail records the first error and returns it.
func (s *xmlScanner) fail(err error) error {
	if s.err == nil {
		s.err = err
	}
	return s.err
}

// next moves to the next start or end element, or to the end of the part.
// The character data before it (text and CDATA, entities decoded, line
// ends normalised) is appended to *text when text is not nil, and checked
// either way. Comments and processing instructions are skipped.
func (s *xmlScanner) next(text *[]byte) (int, error) {
	if s.pendingEnd {
		s.pendingEnd = false
		s.pop()
		return tokEnd, nil
	}
	for {
		if s.err != nil {
			return 0, s.err
		}
		if err := s.chardata(text); err != nil {
			return 0, err
		}
		if s.pos >= s.end {
			if s.err != nil {
				return 0, s.err
			}
			if s.depth > 0 {
				return 0, s.fail(errXML)
			}
			return tokEOF, nil
		}
		switch s.at(1) {
		case '/':
			return tokEnd, s.endTag()
		case '?':
			if err := s.procInst(); err != nil {
				return 0, err
			}
		case '!':
			if err := s.bang(text); err != nil {
				return 0, err
			}
		default:
			return tokStart, s.startTag()
		}
	}
}

// textClass sorts the bytes of character data: 1 for ASCII held as it
// is (printable but for '<', '&', ']' and '\r', and tab and line feed),
// 2 for a byte of a multi-byte rune (checked as a run), 0 for the rest.
var textClass = func() (t [256]byte) {
	for c := 0x20; c < 0x80; c++ {
		if c != '<' && c != '&' && c != ']' {
			t[c] = 1
		}
	}
	t['\t'], t['\n'] = 1, 1
	for c := 0x80; c < 0x100; c++ {
		t[c] = 2
	}
	return t
}()

// textRun is the length of the run of plain character data at the start
// of b, its multi-byte runes checked (valid UTF-8, none of U+FFFE and
// U+FFFF, the only runes UTF-8 can hold that XML does not allow), and a
// rune cut off by the end of b left out unless the part ends there.
func textRun(b []byte, last bool) (int, error) {
	i := 0
	var class byte
	for i < len(b) {
		c := textClass[b[i]]
		if c == 0 {
			break
		}
		class |= c
		i++
	}
	if class&2 == 0 {
		return i, nil
	}
	if i == len(b) && !last {
		// Leave out a rune the buffer ends inside.
		j := max(i-utf8.UTFMax+1, 0)
		for k := i - 1; k >= j; k-- {
			if utf8.RuneStart(b[k]) {
				if !utf8.FullRune(b[k:i]) {
					i = k
				}
				break
			}
		}
	}
	run := b[:i]
	if !utf8.Valid(run) || bytes.Contains(run, []byte("\xEF\xBF\xBE")) || bytes.Contains(run, []byte("\xEF\xBF\xBF")) {
		return 0, errXML
	}
	return i, nil
}

// plainRun steps over the run of plain character data at pos, appending
// it to *text when text is not nil; out tells that it ran to the end of
// the bytes buffered.
func (s *xmlScanner) plainRun(text *[]byte) (out bool, err error) {
	b := s.buf[s.pos:s.end]
	i, err := textRun(b, s.eof)
	if err != nil {
		return false, s.fail(err)
	}
	if text != nil && i > 0 {
		*text = append(*text, b[:i]...)
	}
	s.pos += i
	return i == len(b), nil
}

// chardata reads character data up to the next '<' or the end.
func (s *xmlScanner) chardata(text *[]byte) error {
	for {
		out, err := s.plainRun(text)
		if err != nil {
			return err
		}
		if out {
			if !s.fill(1) {
				return s.err
			}
			continue
		}
		switch c := s.buf[s.pos]; {
		case c == '<':
			return nil
		case c == '&':
			if err := s.entity(text); err != nil {
				return err
			}
		case c == ']':
			if s.at(1) == ']' && s.at(2) == '>' {
				return s.fail(errXML)
			}
			if text != nil {
				*text = append(*text, ']')
			}
			s.pos++
		default:
			if err := s.special(text); err != nil {
				return err
			}
		}
	}
}

// special reads a line end or a byte outside ASCII (a rune to check), or
// refuses a control character.
func (s *xmlScanner) special(text *[]byte) error {
	c := s.buf[s.pos]
	if c == '\r' {
		// \r\n and a lone \r both read as \n, as in encoding/xml.
		s.pos++
		if s.at(0) == '\n' {
			s.pos++
		}
		if text != nil {
			*text = append(*text, '\n')
		}
		return nil
	}
	if c < utf8.RuneSelf {
		return s.fail(errXML)
	}
	s.at(utf8.UTFMax - 1) // the whole rune, unless the part ends first
	r, n := utf8.DecodeRune(s.buf[s.pos:s.end])
	if r == utf8.RuneError && n == 1 || !xmlChar(r) {
		return s.fail(errXML)
	}
	if text != nil {
		*text = append(*text, s.buf[s.pos:s.pos+n]...)
	}
	s.pos += n
	return nil
}

// xmlChar is XML's Char production, as encoding/xml checks it.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// entity reads a character reference or one of the five predefined
// entities at pos; encoding/xml in strict mode knows no others.
func (s *xmlScanner) entity(text *[]byte) error {
	i := 1
	if s.at(1) == '#' {
		i = 2
		base := 10
		if s.at(2) == 'x' {
			base, i = 16, 3
		}
		start := i
		for c := s.at(i); '0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F'); c = s.at(i) {
			i++
		}
		if s.at(i) != ';' {
			return s.fail(errXML)
		}
		n, err := strconv.ParseUint(string(s.buf[s.pos+start:s.pos+i]), base, 64)
		if err != nil || n > utf8.MaxRune {
			return s.fail(errXML)
		}
		r := rune(n)
		if !utf8.ValidRune(r) {
			r = utf8.RuneError // a surrogate becomes U+FFFD, as string(rune(n)) does
		}
		if !xmlChar(r) {
			return s.fail(errXML)
		}
		if text != nil {
			*text = utf8.AppendRune(*text, r)
		}
		s.pos += i + 1
		return nil
	}
	for c := s.at(i); c >= 0 && (c >= utf8.RuneSelf || nameByte[c]); c = s.at(i) {
		i++
	}
	if s.at(i) != ';' {
		return s.fail(errXML)
	}
	c, ok := predefined(s.buf[s.pos+1 : s.pos+i])
	if !ok {
		return s.fail(errXML)
	}
	if text != nil {
		*text = append(*text, c)
	}
	s.pos += i + 1
	return nil
}

func predefined(name []byte) (byte, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	return 0, false
}

// nameByte marks the ASCII bytes encoding/xml reads as part of a name.
var nameByte = func() (t [128]bool) {
	for c := range t {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-'
	}
	return t
}()

// nameAt returns the end (relative to pos) of the name starting at i, or
// i when there is none.
func (s *xmlScanner) nameAt(i int) int {
	for c := s.at(i); c >= 0 && (c >= utf8.RuneSelf || nameByte[c]); c = s.at(i) {
		i++
	}
	return i
}

// validName tells whether a name as read is a name encoding/xml accepts,
// with at most one colon.
func validName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	colons := 0
	ascii := true
	for _, c := range b {
		switch {
		case c == ':':
			colons++
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if colons > 1 {
		return false
	}
	if ascii {
		c := b[0]
		return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':'
	}
	// Rare: let encoding/xml judge a name outside ASCII.
	_, err := xml.NewDecoder(bytes.NewReader(append(append([]byte("<"), b...), "/>"...))).RawToken()
	return err == nil
}

// localName is the part of a qualified name after its prefix, as
// encoding/xml splits it.
func localName(b []byte) []byte {
	if i := bytes.IndexByte(b, ':'); i > 0 && i < len(b)-1 {
		return b[i+1:]
	}
	return b
}

// errMore asks for more of the part: the tag does not end in the buffer.
var errMore = errors.New("more")

// startTag reads <name attr="value" ...> or <name .../> at pos, parsing
// the buffered bytes and reading more when the tag does not end there.
func (s *xmlScanner) startTag() error {
	for {
		n, err := s.parseStart(s.buf[s.pos:s.end])
		if err == errMore {
			if !s.fill(s.end - s.pos + 1) {
				return s.fail(errXML)
			}
			continue
		}
		if err != nil {
			return s.fail(err)
		}
		if s.depth >= maxXMLDepth {
			return s.fail(errors.New("XML 嵌套过深，文件可能已损坏"))
		}
		l := len(s.name)
		s.stack = append(s.stack, s.name...)
		s.stack = append(s.stack, byte(l), byte(l>>8), byte(l>>16)) // #nosec G115 -- l <= maxTagBytes < 1<<24
		s.depth++
		s.rootSeen = true
		s.pos += n
		s.pendingEnd = s.selfClose
		return nil
	}
}

// nameEnd is the end of the name starting at i in b (i if none), or -1
// when b ends first.
func nameEnd(b []byte, i int) int {
	for ; i < len(b); i++ {
		if c := b[i]; c < utf8.RuneSelf && !nameByte[c] {
			return i
		}
	}
	return -1
}

// skipSpace is the index of the first byte from i in b that is not white
// space, len(b) if none.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// attrByte marks the bytes an attribute value holds as they are.
var attrByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '<' && c != '&' && c != '"' && c != '\''
	}
	t['\t'], t['\n'] = true, true
	return t
}()

// parseStart parses the start tag at the beginning of b, returning its
// length, or errMore when b ends inside it.
func (s *xmlScanner) parseStart(b []byte) (int, error) {
	ne := nameEnd(b, 1)
	switch {
	case ne < 0:
		return 0, errMore
	case ne == 1 || !validName(b[1:ne]):
		return 0, errXML
	}
	s.name = b[1:ne]
	s.local = localName(s.name)
	s.attrs = s.attrs[:0]
	s.vals = s.vals[:0]
	decoded := false
	i := ne
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			return 0, errMore
		}
		switch b[i] {
		case '/':
			if i+1 >= len(b) {
				return 0, errMore
			}
			if b[i+1] != '>' {
				return 0, errXML
			}
			s.selfClose = true
			i += 2
		case '>':
			s.selfClose = false
			i++
		default:
			var dec bool
			var err error
			if i, dec, err = s.parseAttr(b, i); err != nil {
				return 0, err
			}
			decoded = decoded || dec
			continue
		}
		break
	}
	if decoded {
		for k := range s.attrs {
			if a := &s.attrs[k]; a.from >= 0 {
				a.val = s.vals[a.from:a.to:a.to]
			}
		}
	}
	return i, nil
}

// parseAttr reads the attribute at b[i] (name, '=', quoted value) into
// s.attrs and returns the offset after it; decoded tells whether its
// value went into s.vals (it held a reference or white space to fold).
func (s *xmlScanner) parseAttr(b []byte, i int) (next int, decoded bool, err error) {
	an := nameEnd(b, i)
	switch {
	case an < 0:
		return 0, false, errMore
	case an == i || !validName(b[i:an]):
		return 0, false, errXML
	}
	name := b[i:an]
	i = skipSpace(b, an)
	if i >= len(b) {
		return 0, false, errMore
	}
	if b[i] != '=' {
		return 0, false, errXML
	}
	i = skipSpace(b, i+1)
	if i >= len(b) {
		return 0, false, errMore
	}
	q := b[i]
	if q != '"' && q != '\'' {
		return 0, false, errXML
	}
	i++
	from := i
	for i < len(b) && attrByte[b[i]] {
		i++
	}
	plain := true
	for ; i < len(b) && b[i] != q; i++ {
		if b[i] == '<' {
			return 0, false, errXML
		}
		plain = false
	}
	if i >= len(b) {
		return 0, false, errMore
	}
	val := b[from:i]
	i++
	if !plain {
		// Decoded into vals; parseStart sets the slice once vals has
		// stopped growing.
		from := len(s.vals)
		if s.vals, err = decodeText(s.vals, val); err != nil {
			return 0, false, err
		}
		s.attrs = append(s.attrs, xmlAttr{local: localName(name), from: from, to: len(s.vals)})
		return i, true, nil
	}
	s.attrs = append(s.attrs, xmlAttr{local: localName(name), val: val, from: -1})
	return i, false, nil
}

// pop closes the innermost open element and returns its raw name.
func (s *xmlScanner) pop() []byte {
	n := len(s.stack)
	l := int(s.stack[n-3]) | int(s.stack[n-2])<<8 | int(s.stack[n-1])<<16
	name := s.stack[n-3-l : n-3]
	s.stack = s.stack[:n-3-l]
	s.depth--
	return name
}

// endTag reads </name> at pos; it must close the innermost open element.
func (s *xmlScanner) endTag() error {
	for {
		b := s.buf[s.pos:s.end]
		ne := nameEnd(b, 2)
		i := 0
		if ne >= 0 {
			i = skipSpace(b, ne)
		}
		if ne < 0 || i >= len(b) {
			if !s.fill(s.end - s.pos + 1) {
				return s.fail(errXML)
			}
			continue
		}
		name := b[2:ne]
		if ne == 2 || b[i] != '>' || s.depth == 0 || !bytes.Equal(s.pop(), name) {
			return s.fail(errXML)
		}
		s.name, s.local, s.attrs = name, localName(name), s.attrs[:0]
		s.pos += i + 1
		return nil
	}
}

// procInst skips <?target ...?>; an XML declaration is checked by
// encoding/xml itself (version 1.0, UTF-8).
func (s *xmlScanner) procInst() error {
	ne := s.nameAt(2)
	if ne == 2 || !validName(s.buf[s.pos+2:s.pos+ne]) {
		return s.fail(errXML)
	}
	i := ne
	for b0 := 0; ; i++ {
		c := s.at(i)
		if c < 0 {
			return s.fail(errXML)
		}
		if b0 == '?' && c == '>' {
			break
		}
		b0 = c
	}
	if string(s.buf[s.pos+2:s.pos+ne]) == "xml" {
		if _, err := xml.NewDecoder(bytes.NewReader(s.buf[s.pos : s.pos+i+1])).RawToken(); err != nil {
			return s.fail(errors.New("XML 声明无效或编码不是 UTF-8"))
		}
	}
	s.pos += i + 1
	return nil
}

// bang reads a comment or a CDATA section at pos (a DOCTYPE, which no
// part of a workbook has, is refused).
func (s *xmlScanner) bang(text *[]byte) error {
	if s.at(2) == '-' {
		if s.at(3) != '-' {
			return s.fail(errXML)
		}
		s.pos += 4
		// "--" must end the comment.
		for b0, b1 := 0, 0; ; {
			c := s.at(0)
			if c < 0 {
				return s.fail(errXML)
			}
			s.pos++
			if b0 == '-' && b1 == '-' {
				if c != '>' {
					return s.fail(errXML)
				}
				return nil
			}
			b0, b1 = b1, c
		}
	}
	const open = "<![CDATA["
	for i := 2; i < len(open); i++ {
		if s.at(i) != int(open[i]) {
			return s.fail(errXML)
		}
	}
	s.pos += len(open)
	for {
		if _, err := s.plainRun(text); err != nil {
			return err
		}
		switch c := s.at(0); {
		case c < 0:
			return s.fail(errXML)
		case c == ']' && s.at(1) == ']' && s.at(2) == '>':
			s.pos += 3
			return nil
		case c == ']' || c == '<' || c == '&':
			if text != nil {
				*text = append(*text, byte(c)) // #nosec G115 -- one of three bytes
			}
			s.pos++
		case textClass[c] == 1:
			// more plain text came in with at
		default:
			if err := s.special(text); err != nil {
				return err
			}
		}
	}
}

// decodeText appends an attribute value with its entities decoded and
// its line ends normalised, checking its characters.
func decodeText(dst, b []byte) ([]byte, error) {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '&':
			j := bytes.IndexByte(b[i:], ';')
			if j < 0 {
				return dst, errXML
			}
			ent := b[i+1 : i+j]
			if len(ent) > 0 && ent[0] == '#' {
				digits, base := ent[1:], 10
				if len(digits) > 0 && digits[0] == 'x' {
					digits, base = digits[1:], 16
				}
				for _, d := range digits {
					if !('0' <= d && d <= '9' || base == 16 && ('a' <= d && d <= 'f' || 'A' <= d && d <= 'F')) {
						return dst, errXML
					}
				}
				n, err := strconv.ParseUint(string(digits), base, 64)
				if err != nil || n > utf8.MaxRune {
					return dst, errXML
				}
				r := rune(n)
				if !utf8.ValidRune(r) {
					r = utf8.RuneError
				}
				if !xmlChar(r) {
					return dst, errXML
				}
				dst = utf8.AppendRune(dst, r)
			} else {
				p, ok := predefined(ent)
				if !ok {
					return dst, errXML
				}
				dst = append(dst, p)
			}
			i += j + 1
		case c == '\r':
			dst = append(dst, '\n')
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 || !xmlChar(r) {
				return dst, errXML
			}
			dst = append(dst, b[i:i+n]...)
			i += n
		case c < 0x20 && c != '\t' && c != '\n':
			return dst, errXML
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst, nil
}
