// The admin fills slugs as a title is typed (prepopulate.js, through URLify). Cyrillic letters
// are first spelled as the server spells them (core.text.to_ascii, given in #slug-letters), so
// a typed slug is the one a save would make: "Цифровая таможня" → "tsifrovaya-tamozhnya".
"use strict";
(function () {
  const data = document.getElementById("slug-letters");
  const urlify = window.URLify;
  if (!data || !urlify || urlify.portalLetters) {
    return;
  }
  const letters = JSON.parse(data.textContent);
  function portalURLify(text, length, allowUnicode) {
    if (!allowUnicode) {
      text = Array.from(text, (letter) => letters[letter] ?? letter).join("");
    }
    return urlify(text, length, allowUnicode);
  }
  portalURLify.portalLetters = true;
  window.URLify = portalURLify;
})();
