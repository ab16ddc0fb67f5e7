// The portal's PDF reader, on PDF.js (static/vendor/pdfjs, see `make pdfjs`).
//
// It fetches the file through the portal's download (or preview) view in byte ranges of its
// own (PDFDataRangeTransport), so that a 300 MB book shows its first page after a few
// requests: the header, the cross-reference table at the end, the objects of the page.
// Only the pages near the visible ones are drawn; the others are empty boxes of the right
// size, their canvases given back, so memory stays flat however long the book.
// Every reader works without this file: the page offers the download.

const CHUNK = 256 * 1024; // bytes per range request
const KEEP_DRAWN = 8; // canvases kept at most
const MAX_PIXELS = 16 * 1024 * 1024; // per canvas, whatever the zoom and screen
const ZOOM_STEPS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4];

const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

let pdfjsPromise = null;
function loadPdfjs(root) {
  pdfjsPromise ??= import(root.dataset.pdfjs).then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = root.dataset.worker;
    return pdfjs;
  });
  return pdfjsPromise;
}

class FetchError extends Error {}

// A PDF.js document fed by Range requests of our own: no request ever asks for the whole file.
async function openDocument(pdfjs, root) {
  const url = root.dataset.src;
  const options = {
    cMapUrl: root.dataset.cmaps,
    cMapPacked: true,
    standardFontDataUrl: root.dataset.fonts,
    wasmUrl: root.dataset.wasm,
    isEvalSupported: false, // the portal's Content-Security-Policy allows no eval
    enableXfa: false,
    disableAutoFetch: true, // fetch what a page needs, never the rest in the background
    disableStream: true,
    rangeChunkSize: CHUNK,
  };
  const first = await fetch(url, {
    headers: { Range: `bytes=0-${CHUNK - 1}` },
    credentials: "same-origin",
  });
  if (!first.ok) throw new FetchError(`HTTP ${first.status}`);
  const initial = new Uint8Array(await first.arrayBuffer());
  const total = /\/(\d+)\s*$/.exec(first.headers.get("Content-Range") || "");
  const length = first.status === 206 && total ? Number(total[1]) : initial.length;
  if (length <= initial.length) {
    return pdfjs.getDocument({ ...options, data: initial }).promise; // all of it already
  }
  const etag = first.headers.get("ETag");
  const transport = new pdfjs.PDFDataRangeTransport(length, initial);
  transport.requestDataRange = (begin, end) => {
    const headers = { Range: `bytes=${begin}-${end - 1}` };
    if (etag) headers["If-Range"] = etag; // a replaced file answers 200: stop, never mix
    fetch(url, { headers, credentials: "same-origin" })
      .then((response) => {
        if (response.status !== 206) throw new FetchError(`HTTP ${response.status}`);
        return response.arrayBuffer();
      })
      .then((data) => transport.onDataRange(begin, new Uint8Array(data)))
      .catch((error) => root.dispatchEvent(new CustomEvent("reader:error", { detail: error })));
  };
  return pdfjs.getDocument({ ...options, range: transport }).promise;
}

class Reader {
  constructor(root) {
    this.root = root;
    this.full = root.dataset.mode === "full";
    this.role = (name) => root.querySelector(`[data-role="${name}"]`);
    this.viewport = this.role("viewport");
    this.status = this.role("status");
    this.pageInput = this.role("page");
    this.zoomSelect = this.role("zoom");
    this.findInput = this.role("find");
    this.pages = []; // {box, number, width, height, drawn, task, textLayer}
    this.drawn = new Set();
    this.zoom = "width";
    this.scale = 1;
    this.current = 1;
    this.texts = new Map(); // page number -> its text, lower-cased (for find)
    this.match = null; // {page, query}
    this.queue = Promise.resolve();
  }

  text(name, values = {}) {
    return format(this.root.dataset[`text${name}`] || "", values);
  }

  say(message) {
    this.status.textContent = message;
  }

  async start() {
    this.root.classList.add("reader--open");
    this.role("toolbar").hidden = false;
    this.viewport.hidden = false;
    this.root.querySelector(".reader__start").hidden = true;
    this.say(this.text("Loading"));
    this.root.addEventListener("reader:error", () => this.fail());
    let base;
    try {
      const pdfjs = await loadPdfjs(this.root);
      this.pdfjs = pdfjs;
      this.doc = await openDocument(pdfjs, this.root);
      base = (await this.doc.getPage(1)).getViewport({ scale: 1 });
    } catch (error) {
      // An old browser, a damaged file, a network failure: the download is still there.
      console.error("Reader:", error);
      this.fail();
      return;
    }
    this.count = this.doc.numPages;
    this.pageInput.max = String(this.count);
    this.role("count").textContent = `/ ${this.count}`;
    for (let number = 1; number <= this.count; number += 1) {
      const box = document.createElement("div");
      box.className = "reader__page-box";
      box.dataset.page = String(number);
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", this.text("PageLabel", { page: number }));
      this.viewport.append(box);
      // Every page is taken to be as large as the first until it is drawn.
      this.pages.push({ box, number, width: base.width, height: base.height, drawn: false });
    }
    this.bind();
    this.applyZoom();
    this.observe();
    const wanted = this.full ? this.hashPage() : 1;
    this.goTo(wanted || 1, { focus: false });
    this.say("");
    this.root.dataset.state = "ready";
  }

  fail() {
    if (this.root.dataset.state === "failed") return;
    this.root.dataset.state = "failed";
    this.say(this.text("Failed"));
    this.role("toolbar").hidden = true;
    this.viewport.hidden = true;
    this.root.querySelector(".reader__start").hidden = false;
    this.root.querySelector('[data-action="open"]').hidden = true;
  }

  hashPage() {
    const match = /(?:^#|&)page=(\d+)/.exec(window.location.hash);
    return match ? Number(match[1]) : null;
  }

  bind() {
    const on = (action, handler) =>
      this.root.querySelector(`[data-action="${action}"]`)?.addEventListener("click", handler);
    on("prev", () => this.goTo(this.current - 1));
    on("next", () => this.goTo(this.current + 1));
    on("zoom-in", () => this.step(1));
    on("zoom-out", () => this.step(-1));
    on("find-prev", () => this.find(-1));
    this.role("find-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.find(1);
    });
    this.findInput.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.shiftKey) {
        event.preventDefault();
        this.find(-1);
      }
    });
    this.pageInput.addEventListener("change", () => this.goTo(Number(this.pageInput.value)));
    this.zoomSelect.addEventListener("change", () => {
      if (this.zoomSelect.value !== "custom") this.setZoom(this.zoomSelect.value);
    });
    this.viewport.addEventListener("scroll", () => this.onScroll(), { passive: true });
    this.root.addEventListener("keydown", (event) => this.onKey(event));
    window.addEventListener("resize", () => {
      if (this.zoom === "width" || this.zoom === "page") this.applyZoom();
    });
    if (this.full) {
      window.addEventListener("hashchange", () => {
        const page = this.hashPage();
        if (page && page !== this.current) this.goTo(page);
      });
    }
  }

  onKey(event) {
    const typing = event.target.closest("input, select, textarea");
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "f") {
      event.preventDefault(); // the browser's find cannot see pages not drawn
      this.findInput.focus();
      this.findInput.select();
      return;
    }
    if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
    const keys = {
      ArrowRight: () => this.goTo(this.current + 1),
      ArrowLeft: () => this.goTo(this.current - 1),
      Home: () => this.goTo(1),
      End: () => this.goTo(this.count),
      "+": () => this.step(1),
      "=": () => this.step(1),
      "-": () => this.step(-1),
    };
    const handler = keys[event.key];
    if (handler) {
      event.preventDefault();
      handler();
    }
  }

  // Zoom: "width" fits the page width, "page" the whole page, a number is a scale.
  fitScale(kind) {
    const page = this.pages[this.current - 1] || this.pages[0];
    const width = this.viewport.clientWidth - 24;
    if (kind === "page") {
      const height = this.viewport.clientHeight - 24;
      return Math.max(0.1, Math.min(width / page.width, height / page.height));
    }
    return Math.max(0.1, width / page.width);
  }

  setZoom(value) {
    this.zoom = value;
    this.applyZoom();
  }

  step(direction) {
    const now = this.scale;
    const next =
      direction > 0
        ? ZOOM_STEPS.find((step) => step > now + 0.01) ?? ZOOM_STEPS.at(-1)
        : [...ZOOM_STEPS].reverse().find((step) => step < now - 0.01) ?? ZOOM_STEPS[0];
    this.setZoom(String(next));
  }

  applyZoom() {
    const scale = this.zoom === "width" || this.zoom === "page" ? this.fitScale(this.zoom) : Number(this.zoom);
    const keep = this.current;
    this.scale = scale;
    const option = [...this.zoomSelect.options].find((o) => o.value === this.zoom);
    const custom = this.role("zoom-custom");
    if (option && option !== custom) {
      this.zoomSelect.value = this.zoom;
    } else {
      custom.hidden = false;
      custom.textContent = `${Math.round(scale * 100)}%`;
      this.zoomSelect.value = "custom";
    }
    for (const page of this.pages) {
      this.size(page);
      if (page.drawn) this.forget(page);
    }
    this.scrollToPage(keep);
    this.refresh();
  }

  size(page) {
    page.box.style.width = `${Math.floor(page.width * this.scale)}px`;
    page.box.style.height = `${Math.floor(page.height * this.scale)}px`;
  }

  observe() {
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const page = this.pages[Number(entry.target.dataset.page) - 1];
          page.visible = entry.isIntersecting;
        }
        this.refresh();
      },
      { root: this.viewport, rootMargin: "50% 0px" },
    );
    for (const page of this.pages) this.observer.observe(page.box);
  }

  // Draw the pages in view (in order), give back the canvases of the others beyond the cap.
  refresh() {
    const wanted = this.pages.filter((page) => page.visible);
    for (const page of wanted) {
      if (!page.drawn && !page.pending) {
        page.pending = true;
        this.queue = this.queue.then(() => this.draw(page)).catch(() => {});
      }
    }
    if (this.drawn.size > KEEP_DRAWN) {
      for (const page of [...this.drawn]) {
        if (!page.visible && this.drawn.size > KEEP_DRAWN) this.forget(page);
      }
    }
  }

  async draw(page) {
    page.pending = false;
    if (!page.visible || page.drawn) return;
    const pdfPage = await this.doc.getPage(page.number);
    const base = pdfPage.getViewport({ scale: 1 });
    if (base.width !== page.width || base.height !== page.height) {
      page.width = base.width;
      page.height = base.height;
      this.size(page);
    }
    const viewport = pdfPage.getViewport({ scale: this.scale });
    const ratio = Math.min(
      window.devicePixelRatio || 1,
      Math.sqrt(MAX_PIXELS / (viewport.width * viewport.height)),
    );
    const canvas = document.createElement("canvas");
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.setAttribute("aria-hidden", "true");
    const layer = document.createElement("div");
    layer.className = "textLayer";
    page.box.style.setProperty("--scale-factor", String(this.scale));
    page.box.style.setProperty("--total-scale-factor", String(this.scale));
    page.box.replaceChildren(canvas, layer);
    page.drawn = true;
    this.drawn.add(page);
    page.task = pdfPage.render({
      canvas,
      viewport,
      transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
    });
    page.textLayer = new this.pdfjs.TextLayer({
      textContentSource: pdfPage.streamTextContent(),
      container: layer,
      viewport,
    });
    try {
      await Promise.all([page.task.promise, page.textLayer.render()]);
      page.box.dataset.rendered = "true";
      this.highlight(page);
    } catch (error) {
      if (!(error instanceof this.pdfjs.RenderingCancelledException)) throw error;
    }
    pdfPage.cleanup();
  }

  forget(page) {
    page.task?.cancel();
    page.textLayer?.cancel();
    for (const canvas of page.box.querySelectorAll("canvas")) {
      canvas.width = 0; // hands the bitmap back at once
      canvas.height = 0;
    }
    page.box.replaceChildren();
    delete page.box.dataset.rendered;
    page.drawn = false;
    page.task = null;
    page.textLayer = null;
    this.drawn.delete(page);
  }

  scrollToPage(number) {
    const page = this.pages[number - 1];
    // The viewport is the boxes' offset parent (position: relative).
    if (page) this.viewport.scrollTop = page.box.offsetTop - 8;
  }

  goTo(number, { focus = true } = {}) {
    if (!this.count || Number.isNaN(number)) return;
    const page = Math.min(Math.max(1, Math.round(number)), this.count);
    this.scrollToPage(page);
    this.setCurrent(page);
    if (focus && document.activeElement === document.body) this.viewport.focus();
  }

  onScroll() {
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = null;
      // The page under the top third of the view (boxes are in order: a binary search).
      const line = this.viewport.scrollTop + this.viewport.clientHeight / 3;
      let low = 0;
      let high = this.pages.length - 1;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (this.pages[middle].box.offsetTop <= line) low = middle;
        else high = middle - 1;
      }
      this.setCurrent(low + 1);
    });
  }

  setCurrent(number) {
    if (number === this.current && this.pageInput.value === String(number)) return;
    this.current = number;
    this.pageInput.value = String(number);
    this.role("count").textContent = `/ ${this.count}`;
    this.pageInput.setAttribute("aria-label", this.text("Page", { page: number, count: this.count }));
    if (this.full) {
      history.replaceState(null, "", `#page=${number}`);
    }
  }

  // Find: page by page from the current one, each page's text read once and kept.
  async pageText(number) {
    if (!this.texts.has(number)) {
      const page = await this.doc.getPage(number);
      const content = await page.getTextContent();
      this.texts.set(number, content.items.map((item) => item.str).join(" ").toLowerCase());
      page.cleanup();
    }
    return this.texts.get(number);
  }

  async find(direction) {
    const query = this.findInput.value.trim().toLowerCase();
    if (!query || !this.doc) return;
    const search = (this.search = Symbol("search"));
    const again = this.match && this.match.query === query;
    let number = again ? this.match.page + direction : this.current;
    for (let checked = 0; checked < this.count; checked += 1, number += direction) {
      if (number > this.count) number = 1;
      if (number < 1) number = this.count;
      if (checked % 10 === 9) this.say(this.text("Searching", { page: number, count: this.count }));
      const text = await this.pageText(number);
      if (this.search !== search) return; // a newer search started
      if (text.includes(query)) {
        this.match = { page: number, query, reveal: true };
        this.goTo(number, { focus: false });
        this.say(this.text("Found", { page: number }));
        for (const page of this.drawn) this.highlight(page);
        return;
      }
    }
    this.match = null;
    for (const page of this.drawn) this.highlight(page);
    this.say(this.text("NotFound"));
  }

  highlight(page) {
    const layer = page.box.querySelector(".textLayer");
    if (!layer) return;
    for (const mark of layer.querySelectorAll("mark.reader__hit")) {
      mark.replaceWith(document.createTextNode(mark.textContent));
    }
    layer.normalize();
    if (!this.match || this.match.page !== page.number) return;
    const query = this.match.query;
    let first = null;
    for (const span of layer.querySelectorAll("span")) {
      const text = span.textContent;
      const at = text.toLowerCase().indexOf(query);
      if (at < 0 || span.children.length) continue;
      const mark = document.createElement("mark");
      mark.className = "reader__hit";
      mark.textContent = text.slice(at, at + query.length);
      span.replaceChildren(text.slice(0, at), mark, text.slice(at + query.length));
      first ??= mark;
    }
    if (first && this.match.reveal) {
      this.match.reveal = false;
      const top = first.getBoundingClientRect().top - this.viewport.getBoundingClientRect().top;
      if (top < 0 || top > this.viewport.clientHeight - 40) {
        this.viewport.scrollTop += top - this.viewport.clientHeight / 3;
      }
    }
  }
}

for (const root of document.querySelectorAll("[data-reader]")) {
  const reader = new Reader(root);
  if (root.dataset.mode === "full") {
    reader.start();
  } else {
    root.querySelector('[data-action="open"]').addEventListener("click", (event) => {
      event.preventDefault();
      reader.start().then(() => reader.viewport.focus());
    });
  }
}
