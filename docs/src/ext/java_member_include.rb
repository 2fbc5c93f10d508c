# Quotes Java code by member rather than by line numbers.
#
#   include::path/To.java[]                                  the whole file
#   include::path/To.java[member="private long recover("]    one member
#   include::path/To.java[member="opening(|void opened("]    several, in this order
#
# A member is found by a piece of text from the line that declares it, which must occur on exactly
# one line of the file. The quote runs from the comments and annotations right above that line to
# the end of the member: the brace that closes its body, or the semicolon that ends a field.
# Braces and semicolons inside strings, characters and comments do not count.
#
# Why not line numbers: the sources change all the time, and a line range that slid by a few lines
# still renders, showing the wrong code. Why not tag comments in the Java files: the docs should not
# need edits to the code they describe. A member that is gone or ambiguous is logged as an error,
# and the build's log handler turns that into a failed build.
require 'asciidoctor/extensions'

class JavaMemberIncludeProcessor < Asciidoctor::Extensions::IncludeProcessor
  include Asciidoctor::Logging

  def handles? target
    target.end_with? '.java'
  end

  def process doc, reader, target, attributes
    path = File.expand_path target, reader.dir
    unless File.file? path
      logger.error message_with_context %(include file not found: #{path}), source_location: reader.cursor_at_prev_line
      reader.push_include [%(// missing: #{target})], nil, target, 1, attributes
      return
    end
    lines = File.readlines(path, chomp: true)
    needles = (attributes['member'] || '').split('|').map(&:strip).reject(&:empty?)
    if needles.empty?
      reader.push_include lines, path, target, 1, attributes
      return
    end
    quoted = []
    needles.each do |needle|
      range = member_range lines, needle
      if range.is_a? String
        logger.error message_with_context %(#{File.basename path}: #{range}), source_location: reader.cursor_at_prev_line
        quoted << %(// #{range})
      else
        quoted << '' unless quoted.empty?
        quoted.concat dedent(lines[range])
      end
    end
    reader.push_include quoted, path, target, 1, attributes
  end

  private

  def member_range lines, needle
    hits = lines.each_index.select {|i| lines[i].include? needle }
    return %(no line declares "#{needle}") if hits.empty?
    return %("#{needle}" is on #{hits.size} lines (#{hits.map {|i| i + 1 }.join ', '}); quote more of the line) if hits.size > 1
    start = hits[0]
    finish = member_end lines, start
    return %(cannot find where "#{needle}" ends) unless finish
    first = start
    first -= 1 while first > 0 && comment_or_annotation?(lines[first - 1])
    first..finish
  end

  def comment_or_annotation? line
    stripped = line.strip
    stripped.start_with?('@', '/*', '*', '//') || stripped.end_with?('*/')
  end

  # Scans from the declaration for the end of the member, skipping literals and comments.
  def member_end lines, start
    depth = 0
    opened = false
    field = false
    state = :code
    (start...lines.size).each do |i|
      line = lines[i]
      state = :code if state == :line_comment
      j = 0
      while j < line.size
        c = line[j]
        two = line[j, 2]
        case state
        when :code
          if two == '//'
            state = :line_comment
            break
          elsif two == '/*'
            state = :block_comment
            j += 1
          elsif line[j, 3] == '"""'
            state = :text_block
            j += 2
          elsif c == '"'
            state = :string
          elsif c == "'"
            state = :char
          elsif c == '=' && depth == 0 && !opened && line[j + 1] != '=' && !'!<>='.include?(line[j - 1].to_s)
            field = true
          elsif c == '{'
            depth += 1
            opened = true
          elsif c == '}'
            depth -= 1
            return i if depth == 0 && opened && !field
          elsif c == ';' && depth == 0
            return i
          end
        when :block_comment
          if two == '*/'
            state = :code
            j += 1
          end
        when :text_block
          if line[j, 3] == '"""'
            state = :code
            j += 2
          end
        when :string, :char
          quote = state == :string ? '"' : "'"
          if c == '\\'
            j += 1
          elsif c == quote
            state = :code
          end
        end
        j += 1
      end
      state = :code if state == :string || state == :char
    end
    nil
  end

  def dedent lines
    indent = lines.reject {|l| l.strip.empty? }.map {|l| l[/\A */].size }.min || 0
    lines.map {|l| l[indent..] || '' }
  end
end

Asciidoctor::Extensions.register do
  include_processor JavaMemberIncludeProcessor
end
