// Follow and unfollow without reloading the page. Without JavaScript, or if
// the request fails, the form posts as usual and the server redirects back.
// Focus stays on the button: it is never disabled (that would drop focus),
// a second click while a request is on its way is ignored instead.
(function () {
  "use strict";
  var counter = document.querySelector("[data-follower-count]");
  document.querySelectorAll("form[data-follow-form]").forEach(function (form) {
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector(".follow-form__status");
    var busy = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) {
        return;
      }
      busy = true;
      button.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          var following = data.following;
          var hadFocus = document.activeElement === button;
          form.action = following ? form.dataset.unfollowUrl : form.dataset.followUrl;
          button.textContent = following ? form.dataset.unfollowLabel : form.dataset.followLabel;
          button.setAttribute("aria-pressed", following ? "true" : "false");
          button.classList.toggle("button--secondary", following);
          status.textContent = data.message;
          if (counter) {
            counter.innerHTML = data.followers_html;
          }
          button.removeAttribute("aria-busy");
          busy = false;
          if (hadFocus || document.activeElement === document.body) {
            button.focus();
          }
        })
        .catch(function () {
          // Let the server handle it the plain way (login, messages, errors).
          form.submit();
        });
    });
  });
})();
