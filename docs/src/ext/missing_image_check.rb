# Fails the build on an image the HTML points to but that is not there.
#
# Asciidoctor writes <img src="images/x.png"> whether or not the file exists (it only reads images
# when it embeds them), so a renamed screenshot or a diagram that did not render would leave a
# broken picture in a page that built fine. This looks at every <img src> of the converted page,
# after the screenshots were copied and the diagrams written, and logs a missing one as an error,
# which the build's log handler turns into a failed build.
require 'asciidoctor/extensions'

class MissingImageCheck < Asciidoctor::Extensions::Postprocessor
  include Asciidoctor::Logging

  def process doc, output
    outdir = doc.attr 'outdir'
    return output unless outdir
    output.scan(/<img\b[^>]*?\ssrc="([^"]+)"/).flatten.uniq.each do |src|
      next if src.start_with?('data:', 'http:', 'https:', '//')
      path = File.expand_path src.split(/[?#]/, 2).first, outdir
      unless File.file? path
        logger.error %(#{doc.attr 'docfile'}: image not found: #{src} (looked for #{path}))
      end
    end
    output
  end
end

Asciidoctor::Extensions.register do
  postprocessor MissingImageCheck
end
