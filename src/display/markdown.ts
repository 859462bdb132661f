import { marked } from 'marked';
import { Rendered, show } from './output';

/** Markdown to HTML with marked (GitHub-flavoured). */
export function renderMarkdown(md: string): Rendered {
  return { html: marked.parse(md, { async: false, gfm: true }) as string, text: md };
}

/** Shows Markdown as HTML in the notebook (or prints it, outside one). */
export function markdown(md: string): void {
  show(renderMarkdown(md));
}
