import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId } from 'react';
import type { InputProps } from './registry';

/**
 * The rich-text editor (TipTap), loaded with the first rich-text field. It edits the storage format directly:
 * HTML, which the server sanitises on save with jsoup's relaxed allow-list (core content RichText). So only marks
 * and nodes that survive that list are on: strike-through (<s>) and rules (<hr>) are off, and links carry no target.
 */
export default function RichTextEditor({ field, value, onChange, error }: InputProps) {
  const id = useId();
  const html = String(value ?? '');
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        strike: false,
        horizontalRule: false,
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, HTMLAttributes: { target: null, rel: null } },
      }),
    ],
    content: html,
    injectCSS: false, // the CSP allows no inline <style>; editing.css carries what ProseMirror needs
    editorProps: {
      attributes: {
        id,
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': `${id}-label`,
        'aria-describedby': `${id}-help${error ? ` ${id}-error` : ''}`,
        ...(error ? { 'aria-invalid': 'true' } : {}),
        class: 'richtext-area',
      },
    },
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? '' : e.getHTML()),
  });
  // a value set from outside (a restored draft, a merge) replaces the content; typing does not come back here
  useEffect(() => {
    if (!editor || editor.isDestroyed) return; // a re-render may hand over an editor already torn down
    const current = editor.isEmpty ? '' : editor.getHTML();
    if (current !== html) editor.commands.setContent(html, { emitUpdate: false });
  }, [editor, html]);
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive('bold') ?? false,
      italic: e?.isActive('italic') ?? false,
      underline: e?.isActive('underline') ?? false,
      h2: e?.isActive('heading', { level: 2 }) ?? false,
      h3: e?.isActive('heading', { level: 3 }) ?? false,
      bullet: e?.isActive('bulletList') ?? false,
      ordered: e?.isActive('orderedList') ?? false,
      quote: e?.isActive('blockquote') ?? false,
      link: e?.isActive('link') ?? false,
    }),
  });
  const chain = () => editor!.chain().focus();
  const toggleLink = () => {
    if (active?.link) return chain().unsetLink().run();
    const href = window.prompt('Link address (https://… or mailto:…)');
    if (href && /^(https?:|mailto:)/i.test(href.trim())) chain().setLink({ href: href.trim() }).run();
  };
  const tools: [string, keyof NonNullable<typeof active>, () => unknown][] = [
    ['Bold', 'bold', () => chain().toggleBold().run()],
    ['Italic', 'italic', () => chain().toggleItalic().run()],
    ['Underline', 'underline', () => chain().toggleUnderline().run()],
    ['Heading', 'h2', () => chain().toggleHeading({ level: 2 }).run()],
    ['Subheading', 'h3', () => chain().toggleHeading({ level: 3 }).run()],
    ['Bulleted list', 'bullet', () => chain().toggleBulletList().run()],
    ['Numbered list', 'ordered', () => chain().toggleOrderedList().run()],
    ['Quote', 'quote', () => chain().toggleBlockquote().run()],
    ['Link', 'link', toggleLink],
  ];
  return (
    <div className="field richtext">
      <span className="react-aria-Label" id={`${id}-label`} onClick={() => editor?.commands.focus()}>
        {field.label}
      </span>
      <div role="toolbar" aria-label={`${field.label} formatting`} className="richtext-toolbar">
        {tools.map(([label, key, run]) => (
          <button
            key={label}
            type="button"
            className="secondary small"
            aria-pressed={active?.[key] ?? false}
            disabled={!editor}
            // a click keeps the focus (and the caret) in the text: the next keystroke goes there, not to the button
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => run()}
          >
            {label}
          </button>
        ))}
      </div>
      <EditorContent editor={editor} />
      <span id={`${id}-help`} className="description">
        Rich text; saved as sanitised HTML
      </span>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
