// Small progressive enhancements; every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const target = document.getElementById(button.dataset.copyTarget);
  if (target && navigator.clipboard) {
    navigator.clipboard.writeText(target.innerText.trim()).then(() => {
      const label = button.textContent;
      button.textContent = button.dataset.copiedLabel || "✓";
      setTimeout(() => { button.textContent = label; }, 1500);
    });
  }
});

// On a narrow screen, panels marked data-fold-below start folded, so the results come first.
for (const panel of document.querySelectorAll("details[data-fold-below]")) {
  if (window.matchMedia(`(max-width: ${panel.dataset.foldBelow})`).matches) {
    panel.removeAttribute("open");
  }
}
