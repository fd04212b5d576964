#!/usr/bin/env python3
"""Writes templates/reference.docx, the Word reference document of the documents' Word versions.

Hand-written WordprocessingML (no office suite needed), in the PDFs' look: Noto Sans, the UN
blue of the headings (#1A4E8A), the sky blue (#3F8FD2), the ink (#1F2933), the muted grey
(#5B6770), the pale table header (#EDF2F8), the thin rules (#C3CDD7) and the sample red
(#B5332A), as templates/common.typ and src/outputs/palette.rs give them. The styles the program
uses: Title, Subtitle, Network, Heading1-3, Caption, Note, SampleMark, AboutTitle, TOCHeading,
TOC1-2, ListParagraph, TableText, Figure, Header, Footer, Hyperlink and the table style UNTable. An office
may replace the file with its own (same style names) under --templates.

Run from the repository's root: python3 tools/make_reference_docx.py
"""

import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

BLUE, SKY, INK, MUTED, PALE, PALER, RULE, RED = (
    "1A4E8A", "3F8FD2", "1F2933", "5B6770", "EDF2F8", "F6F8FB", "C3CDD7", "B5332A")


def para_style(sid, name, ppr="", rpr="", based="Normal", nxt="Normal", extra=""):
    return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based}"/><w:next w:val="{nxt}"/>{extra}<w:qFormat/>'
            f'<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def heading(level, size, colour, before, after, border=""):
    return para_style(
        f"Heading{level}", f"heading {level}",
        ppr=f'<w:keepNext/><w:keepLines/>{border}<w:spacing w:before="{before}" w:after="{after}"/>'
            f'<w:outlineLvl w:val="{level - 1}"/>',
        rpr=f'<w:b/><w:color w:val="{colour}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')


STYLES = HEAD + f'<w:styles {W}>' + (
    '<w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Noto Sans" w:hAnsi="Noto Sans" w:eastAsia="Noto Sans" w:cs="Noto Sans"/>'
    f'<w:color w:val="{INK}"/><w:sz w:val="19"/><w:szCs w:val="19"/>'
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
    '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:jc w:val="both"/></w:pPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    + para_style("Title", "Title",
                 ppr='<w:spacing w:before="1200" w:after="240"/><w:jc w:val="left"/>',
                 rpr=f'<w:b/><w:color w:val="{BLUE}"/><w:sz w:val="52"/><w:szCs w:val="52"/>')
    + para_style("Subtitle", "Subtitle", ppr='<w:spacing w:after="200"/><w:jc w:val="left"/>',
                 rpr=f'<w:b/><w:color w:val="{SKY}"/><w:sz w:val="22"/><w:szCs w:val="22"/>')
    + para_style("Network", "Network",
                 ppr=f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="{BLUE}"/></w:pBdr>'
                     '<w:jc w:val="left"/>',
                 rpr=f'<w:b/><w:color w:val="{BLUE}"/><w:sz w:val="24"/><w:szCs w:val="24"/>')
    + heading(1, 30, BLUE, 480, 220,
              f'<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="{BLUE}"/></w:pBdr>')
    + heading(2, 23, BLUE, 320, 160)
    + heading(3, 20, INK, 260, 120)
    + para_style("Caption", "caption", ppr='<w:keepNext/><w:spacing w:before="260" w:after="140"/>',
                 rpr=f'<w:b/><w:color w:val="{BLUE}"/><w:sz w:val="17"/><w:szCs w:val="17"/>')
    + para_style("Note", "Note",
                 ppr=f'<w:pBdr><w:left w:val="single" w:sz="16" w:space="8" w:color="{RULE}"/></w:pBdr>'
                     f'<w:shd w:val="clear" w:color="auto" w:fill="{PALER}"/><w:ind w:left="180"/>',
                 rpr=f'<w:color w:val="{MUTED}"/><w:sz w:val="17"/><w:szCs w:val="17"/>')
    + para_style("SampleMark", "Sample mark",
                 ppr=f'<w:shd w:val="clear" w:color="auto" w:fill="{RED}"/><w:spacing w:before="480"/>'
                     '<w:jc w:val="center"/>',
                 rpr='<w:b/><w:color w:val="FFFFFF"/><w:sz w:val="28"/><w:szCs w:val="28"/>')
    + para_style("AboutTitle", "About title", ppr='<w:keepNext/><w:spacing w:before="480"/>',
                 rpr=f'<w:b/><w:color w:val="{BLUE}"/><w:sz w:val="22"/><w:szCs w:val="22"/>')
    + para_style("TOCHeading", "TOC Heading",
                 ppr=f'<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="{BLUE}"/></w:pBdr>'
                     '<w:spacing w:after="200"/>',
                 rpr=f'<w:b/><w:color w:val="{BLUE}"/><w:sz w:val="30"/><w:szCs w:val="30"/>')
    + para_style("TOC1", "toc 1", ppr='<w:spacing w:before="160" w:after="60"/><w:jc w:val="left"/>',
                 rpr='<w:b/>')
    + para_style("TOC2", "toc 2", ppr='<w:spacing w:after="40"/><w:ind w:left="620"/><w:jc w:val="left"/>')
    + para_style("ListParagraph", "List Paragraph",
                 ppr='<w:spacing w:after="60"/><w:ind w:left="360"/><w:jc w:val="left"/>')
    + para_style("TableText", "Table text",
                 ppr='<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
                 rpr='<w:sz w:val="16"/><w:szCs w:val="16"/>')
    + para_style("Figure", "Figure", ppr='<w:keepNext/><w:spacing w:after="200"/><w:jc w:val="center"/>')
    + para_style("Header", "header",
                 ppr=f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{BLUE}"/></w:pBdr>'
                     '<w:tabs><w:tab w:val="right" w:pos="9298"/></w:tabs><w:spacing w:after="0"/>',
                 rpr=f'<w:color w:val="{BLUE}"/><w:sz w:val="15"/><w:szCs w:val="15"/>')
    + para_style("Footer", "footer",
                 ppr=f'<w:pBdr><w:top w:val="single" w:sz="2" w:space="4" w:color="{RULE}"/></w:pBdr>'
                     '<w:tabs><w:tab w:val="right" w:pos="9298"/></w:tabs><w:spacing w:after="0"/>',
                 rpr=f'<w:color w:val="{MUTED}"/><w:sz w:val="15"/><w:szCs w:val="15"/>')
    + '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
      f'<w:rPr><w:color w:val="{SKY}"/><w:u w:val="single"/></w:rPr></w:style>'
    + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
      '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
      '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
      '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    + '<w:style w:type="table" w:styleId="UNTable"><w:name w:val="UN Table"/><w:basedOn w:val="TableNormal"/>'
      '<w:qFormat/><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'
      '<w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
      '<w:tblPr><w:tblBorders>'
      f'<w:top w:val="single" w:sz="6" w:space="0" w:color="{BLUE}"/>'
      f'<w:bottom w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
      f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
      '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
      '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
      '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/>'
      f'<w:color w:val="{BLUE}"/></w:rPr><w:tcPr><w:tcBorders>'
      f'<w:bottom w:val="single" w:sz="6" w:space="0" w:color="{BLUE}"/></w:tcBorders>'
      f'<w:shd w:val="clear" w:color="auto" w:fill="{PALE}"/></w:tcPr></w:tblStylePr></w:style>'
) + '</w:styles>'

DOCUMENT = HEAD + (
    f'<w:document {W}><w:body><w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>'
    '<w:r><w:t>Reference document</w:t></w:r></w:p>'
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1531" w:right="1304" '
    'w:bottom="1361" w:left="1304" w:header="850" w:footer="680" w:gutter="0"/></w:sectPr>'
    '</w:body></w:document>')

CONTENT_TYPES = HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '</Types>')

ROOT_RELS = HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '</Relationships>')

DOC_RELS = HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>')


def main():
    with zipfile.ZipFile("templates/reference.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("word/document.xml", DOCUMENT), ("word/_rels/document.xml.rels", DOC_RELS),
                           ("word/styles.xml", STYLES)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


if __name__ == "__main__":
    main()
