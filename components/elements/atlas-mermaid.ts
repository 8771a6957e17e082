/**
 * `<atlas-mermaid>`: draws the Mermaid source it wraps once the diagram comes within 400px of the
 * viewport. The mermaid package (large) is a separate chunk fetched only then, so it is never
 * part of a page's first load. Colours follow Starlight's light/dark theme at render time.
 */
let mermaidModule: Promise<typeof import('mermaid')> | undefined;
let renderCount = 0;

function loadMermaid(): Promise<typeof import('mermaid')> {
  mermaidModule ??= import('mermaid');
  return mermaidModule;
}

class AtlasMermaid extends HTMLElement {
  #observer: IntersectionObserver | undefined;

  connectedCallback(): void {
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          this.#observer?.disconnect();
          void this.#render();
        }
      },
      { rootMargin: '400px 0px' },
    );
    this.#observer.observe(this);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
  }

  async #render(): Promise<void> {
    const source = this.querySelector('[data-mermaid-source]');
    if (source === null) return;
    const { default: mermaid } = await loadMermaid();
    const dark = document.documentElement.dataset['theme'] === 'dark';
    mermaid.initialize({ startOnLoad: false, theme: dark ? 'dark' : 'neutral', securityLevel: 'strict' });
    renderCount += 1;
    try {
      const { svg } = await mermaid.render(`atlas-mermaid-${renderCount}`, source.textContent ?? '');
      const figure = document.createElement('div');
      figure.className = 'mermaid-diagram';
      figure.innerHTML = svg; // Mermaid's own output for author-written source, sanitised under securityLevel strict
      source.setAttribute('hidden', '');
      this.prepend(figure);
    } catch {
      // Leave the readable source in place: a diagram that cannot be drawn is still legible.
      this.dataset['mermaidFailed'] = '';
    }
  }
}

if (!customElements.get('atlas-mermaid')) customElements.define('atlas-mermaid', AtlasMermaid);
