// Small progressive enhancements; every page works without this file.

// "Copy" a reference: the button's visible word says "Copied" for a moment, and a live region
// tells screen readers what was copied; the button's hidden part stays hidden.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const target = document.getElementById(button.dataset.copyTarget);
  if (!target || !navigator.clipboard) return;
  navigator.clipboard.writeText(target.innerText.trim()).then(() => {
    const label = button.querySelector("[data-copy-label]") || button;
    const status = button.closest("section, body").querySelector("[data-copy-status]");
    if (!label.dataset.label) label.dataset.label = label.textContent;
    label.textContent = button.dataset.copiedLabel || "✓";
    if (status) {
      status.textContent = "";
      // A fresh text, so that copying the same reference twice is announced twice.
      setTimeout(() => { status.textContent = button.dataset.copiedMessage || label.textContent; }, 50);
    }
    clearTimeout(Number(button.dataset.copyTimer));
    button.dataset.copyTimer = String(setTimeout(() => { label.textContent = label.dataset.label; }, 1500));
  });
});

// On a narrow screen, panels marked data-fold-below start folded, so the results come first.
for (const panel of document.querySelectorAll("details[data-fold-below]")) {
  if (window.matchMedia(`(max-width: ${panel.dataset.foldBelow})`).matches) {
    panel.removeAttribute("open");
  }
}

// A facet reloads the page with the filter applied; focus comes back to the same facet
// (its section's title and its label say which), not to the top of the page.
(() => {
  const KEY = "facet-focus";
  const describe = (control) => {
    const section = control.closest(".facet");
    const title = section && section.querySelector(".facet__title");
    const option = control.closest(".facet__option");
    const label = option ? option.querySelector("span") : null;
    return {
      path: window.location.pathname,
      facet: title ? title.textContent.trim() : "",
      label: label ? label.textContent.replace(/\s*×\s*$/, "").trim() : "",
      form: option ? "" : (control.closest("form") ? "form" : ""),
    };
  };
  // Removing a filter or filtering with a form: the page's heading, which names the filters
  // now in use, takes the focus (and is read out).
  const toHeading = () => ({ path: window.location.pathname, heading: true });
  document.addEventListener("click", (event) => {
    const option = event.target.closest(".facet__option");
    if (option) sessionStorage.setItem(KEY, JSON.stringify(describe(option)));
    if (event.target.closest(".tag--removable, .active-filters__clear")) {
      sessionStorage.setItem(KEY, JSON.stringify(toHeading()));
    }
  });
  document.addEventListener("submit", (event) => {
    if (event.target.closest(".facet")) {
      sessionStorage.setItem(KEY, JSON.stringify(describe(event.target)));
    } else if (event.target.matches(".filter-form, .people-filter")) {
      sessionStorage.setItem(KEY, JSON.stringify(toHeading()));
    }
  });
  let wanted = null;
  try { wanted = JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (error) { wanted = null; }
  sessionStorage.removeItem(KEY);
  if (!wanted || wanted.path !== window.location.pathname) return;
  if (wanted.heading) {
    const heading = document.querySelector("main h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    return;
  }
  for (const section of document.querySelectorAll(".facet")) {
    const title = section.querySelector(".facet__title");
    if (!title || title.textContent.trim() !== wanted.facet) continue;
    let control = null;
    if (wanted.form) {
      control = section.querySelector("form button, form input");
    } else {
      for (const option of section.querySelectorAll(".facet__option")) {
        const label = option.querySelector("span");
        if (label && label.textContent.replace(/\s*×\s*$/, "").trim() === wanted.label) control = option;
      }
    }
    if (control) {
      const folded = control.closest("details");
      if (folded) folded.open = true;
      control.focus();
    }
    return;
  }
})();
