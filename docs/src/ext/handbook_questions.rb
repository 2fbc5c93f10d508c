# The handbook's list of questions, read from the pages themselves.
#
#   handbook_questions::[pages="classics,delivery,reliability"]
#
# For each page, in the order given, the page's title (its "= " line) and, numbered on from the
# pages before, a link to each of its questions: every [[q-slug]] (or [#q-slug]) anchor and the
# "=== " question heading right below it. The pages are looked up beside the page that holds the
# macro, so each edition lists its own questions in its own language, and the list can never
# disagree with the pages.
#
# A page that is not there yet is left out (it is reported at INFO level), so that the index builds
# while the themes are being written. An anchor with no "=== " heading right below it breaks the
# layout every answer shares, and is logged as an error, which fails the build.
require 'asciidoctor/extensions'

class HandbookQuestionsMacro < Asciidoctor::Extensions::BlockMacroProcessor
  include Asciidoctor::Logging
  use_dsl
  named :handbook_questions

  ANCHOR = /\A\[(?:\[(q-[a-z0-9-]+)(?:,[^\]]*)?\]|#(q-[a-z0-9-]+)[^\]]*)\]\s*\z/
  QUESTION = /\A===\s+(\S.*)\z/
  TITLE = /\A=\s+(\S.*)\z/

  def process parent, target, attrs
    docdir = parent.document.attr 'docdir'
    pages = (attrs['pages'] || '').split(',').map(&:strip).reject(&:empty?)
    logger.error %(handbook_questions:: names no pages (pages="a,b,...")) if pages.empty?
    lines = []
    number = 0
    pages.each do |page|
      path = File.join docdir, %(#{page}.adoc)
      unless File.file? path
        logger.info %(handbook_questions: #{path} is not written yet; left out of the list)
        next
      end
      title, questions = read path
      if questions.empty?
        lines << %(xref:#{page}.adoc[#{escape title}])
      else
        lines << %(.xref:#{page}.adoc[#{escape title}])
        lines << %([start=#{number + 1}])
        questions.each {|anchor, question| lines << %(. xref:#{page}.adoc##{anchor}[#{escape question}]) }
        number += questions.size
      end
      lines << ''
    end
    parse_content parent, lines
    nil
  end

  def read path
    lines = File.readlines path, chomp: true
    title = lines.map {|l| l[TITLE, 1] }.compact.first || File.basename(path, '.adoc')
    questions = []
    lines.each_with_index do |line, i|
      next unless (m = ANCHOR.match line)
      anchor = m[1] || m[2]
      heading = lines[(i + 1)..].find {|l| !l.strip.empty? }
      if (question = heading && heading[QUESTION, 1])
        questions << [anchor, question]
      else
        logger.error %(#{path}: anchor #{anchor} is not followed by a "=== " question heading)
      end
    end
    [title, questions]
  end

  def escape text
    text.gsub(']', '\]')
  end
end

Asciidoctor::Extensions.register do
  block_macro HandbookQuestionsMacro
end
