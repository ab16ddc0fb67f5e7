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
