// Copy buttons: <button data-copy="text to copy" hidden>Copy …</button>, or
// data-copy-from="element id" to copy that element's text. A file, not inline script: the
// site's Content-Security-Policy forbids inline script and inline event handlers.
// Buttons ship hidden and are shown here, so browsers without script (or without the
// Clipboard API) never show a button that does nothing. The result is announced in the
// button's polite live region (data-copy-status="element id"), or in the button itself.
(function () {
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  function textFor(button) {
    if (button.hasAttribute("data-copy")) {
      return button.getAttribute("data-copy");
    }
    var source = document.getElementById(button.getAttribute("data-copy-from") || "");
    return source ? source.innerText.trim() : "";
  }
  function announce(button, message) {
    var status = document.getElementById(button.getAttribute("data-copy-status") || "");
    if (status) {
      status.textContent = message;
    } else {
      button.textContent = message;
    }
  }
  document.querySelectorAll("button[data-copy], button[data-copy-from]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = textFor(button);
      if (!text) {
        return;
      }
      navigator.clipboard.writeText(text).then(
        function () {
          button.setAttribute("data-copied", "true");
          announce(button, "Copied");
        },
        function () {
          announce(button, "Could not copy: select the text and copy it yourself");
        }
      );
    });
  });
})();
