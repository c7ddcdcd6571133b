"""Builds the .docx files of the corpus from the table specs in tables.py.

Run from this folder: python3 make_docx.py. A cell is a string, "^" to
continue the vertical merge of the cell above (w:vMerge), or a tuple
(text, n) for a cell spanning n grid columns (w:gridSpan). A row that is a
plain string is a paragraph outside any table.
"""
import html
import zipfile

import sys
DOCS = __import__(sys.argv[1] if len(sys.argv) > 1 else "tables").DOCS
OUT = sys.argv[2] if len(sys.argv) > 2 else ".."

CT = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'''
RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'''
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
TAIL = '<w:sectPr/></w:body></w:document>'


def para(text):
    runs = ''.join('<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>' % html.escape(t)
                   for t in text.split('|'))
    return '<w:p><w:pPr><w:jc w:val="left"/></w:pPr>%s</w:p>' % runs


def cell(spec, below):
    props, text = '', ''
    if spec == '^':
        props = '<w:vMerge/>'
    else:
        if isinstance(spec, tuple):
            text, span = spec
            props = '<w:gridSpan w:val="%d"/>' % span
        else:
            text = spec
        if below == '^':
            props += '<w:vMerge w:val="restart"/>'
    paras = ''.join(para(p) for p in text.split('\n')) if text else '<w:p/>'
    return '<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>%s</w:tcPr>%s</w:tc>' % (props, paras)


def grid(row):
    """Maps each cell of row to the grid column it starts at."""
    cols, at = {}, 0
    for c in row:
        cols[at] = c
        at += c[1] if isinstance(c, tuple) else 1
    return cols


def table(rows):
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid/>']
    for i, row in enumerate(rows):
        below = grid(rows[i + 1]) if i + 1 < len(rows) else {}
        cells, at = [], 0
        for c in row:
            cells.append(cell(c, below.get(at)))
            at += c[1] if isinstance(c, tuple) else 1
        out.append('<w:tr>%s</w:tr>' % ''.join(cells))
    out.append('</w:tbl>')
    return ''.join(out)


def body(parts):
    out = []
    for p in parts:
        out.append(table(p) if isinstance(p, list) else para(p))
    return HEAD + ''.join(out) + TAIL


for name, parts in DOCS.items():
    with zipfile.ZipFile('%s/%s.docx' % (OUT, name), 'w', zipfile.ZIP_DEFLATED) as z:
        for n, data in (('[Content_Types].xml', CT), ('_rels/.rels', RELS), ('word/document.xml', body(parts))):
            info = zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
