// Ask before destructive actions: <form data-confirm="Zeker?"> or <button data-confirm="…">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
