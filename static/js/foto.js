// Photo page: send a chosen photo at once (made smaller first, with progress), land on the
// preview with its message, and show the crop frame live on the photo. Without this script
// every form on the page still works by its own button.
(function () {
  "use strict";
  var LONG_SIDE = 2000; // px: well above what the card prints, far below a phone camera's
  var QUALITY = 0.9;

  // After an upload or a crop the server sends us to #pratinjau: bring the preview into view
  // and put focus on its message, so a screen reader hears what happened.
  function focusPreview() {
    var preview = document.getElementById("pratinjau");
    if (!preview || location.hash !== "#pratinjau") return;
    var message = preview.querySelector("#pesan");
    preview.scrollIntoView();
    if (!message) {
      preview.setAttribute("tabindex", "-1");
      message = preview;
    }
    message.focus({ preventScroll: true });
  }

  var guidance = document.querySelector("details[data-open-wide]");
  if (guidance && window.matchMedia("(min-width: 720px)").matches) guidance.open = true;

  // While a new photo travels, the buttons below still act on the previous one: hold them.
  function hold(on) {
    document.querySelectorAll(".crop-form button, .confirm-bar button").forEach(function (b) {
      b.disabled = on;
    });
  }

  // A photo far bigger than the card needs becomes a JPEG of LONG_SIDE px here, so a 12 MP
  // phone photo travels as a few hundred kB. The server checks what arrives as it always
  // does. What the browser cannot decode (HEIC outside Safari) is sent as it is.
  function scaled(file) {
    if (!window.createImageBitmap || !/^image\//.test(file.type)) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" })
      .then(function (bitmap) {
        var scale = LONG_SIDE / Math.max(bitmap.width, bitmap.height);
        if (scale >= 1) {
          bitmap.close();
          return file;
        }
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        var context = canvas.getContext("2d");
        context.fillStyle = "#fff"; // a transparent PNG gets a white, not a black, background
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.imageSmoothingQuality = "high";
        context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        return new Promise(function (resolve) {
          canvas.toBlob(function (blob) {
            if (!blob) return resolve(file);
            var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
            resolve(new File([blob], name, { type: "image/jpeg" }));
          }, "image/jpeg", QUALITY);
        });
      })
      .catch(function () {
        return file;
      });
  }

  function arrive(url) {
    var target = new URL(url, location.href);
    if (target.pathname === location.pathname && target.search === location.search) {
      // Only the fragment differs: a plain assignment would not load the page again.
      history.scrollRestoration = "manual";
      history.replaceState(null, "", target.hash);
      location.reload();
    } else {
      location.assign(target.href);
    }
  }

  var upload = document.querySelector("form[data-auto-submit]");
  if (upload) {
    var input = upload.querySelector("input[type=file]");
    var button = upload.querySelector("button[type=submit]");
    var errors = upload.querySelector("[data-upload-errors]");
    var progressBox = upload.querySelector(".upload-progress");
    var progress = progressBox.querySelector("progress");
    var progressText = progressBox.querySelector("[role=status]");

    var stage = function (text, fraction) {
      progressBox.hidden = false;
      progressText.textContent = text;
      if (fraction === undefined) progress.removeAttribute("value");
      else progress.value = fraction;
    };
    var done = function () {
      progressBox.hidden = true;
      button.disabled = false;
      input.disabled = false;
      hold(false);
    };
    var failed = function (html) {
      done();
      errors.innerHTML = html;
      var first = errors.querySelector("[role=alert]");
      if (first) {
        first.setAttribute("tabindex", "-1");
        first.focus();
      }
    };

    var send = function () {
      if (!input.files.length || button.disabled) return;
      var file = input.files[0];
      var data = new FormData(upload);
      hold(true);
      button.disabled = true;
      errors.innerHTML = "";
      stage(upload.dataset.preparing);
      scaled(file).then(function (photo) {
        data.set("photo", photo, photo.name);
        input.disabled = true;
        var xhr = new XMLHttpRequest();
        xhr.open("POST", upload.action);
        xhr.setRequestHeader("Accept", "application/json");
        xhr.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) stage(upload.dataset.sending, event.loaded / event.total);
        });
        xhr.upload.addEventListener("load", function () {
          stage(upload.dataset.checking);
        });
        xhr.addEventListener("load", function () {
          var type = xhr.getResponseHeader("Content-Type") || "";
          if (xhr.status === 200 && type.indexOf("application/json") === 0) {
            arrive(JSON.parse(xhr.responseText).location);
            return;
          }
          // The page again with the reasons (too big, not a photo, too many uploads…).
          var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
          var reasons = page.querySelector("[data-upload-errors]");
          if (reasons && reasons.textContent.trim()) failed(reasons.innerHTML);
          else location.assign(xhr.responseURL || upload.action); // e.g. logged out meanwhile
        });
        xhr.addEventListener("error", function () {
          failed('<p class="field__error" role="alert"></p>');
          errors.querySelector("p").textContent = upload.dataset.failed;
        });
        xhr.send(data);
      });
    };
    input.addEventListener("change", send);
    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
  }

  // "Gunakan Foto Ini" is sent once, however often it is clicked.
  document.querySelectorAll("form[data-once]").forEach(function (once) {
    once.addEventListener("submit", function () {
      setTimeout(function () {
        once.querySelector("button").disabled = true;
      });
    });
  });

  var form = document.querySelector("form[data-crop-source]");
  if (form) {
    var cropStage = form.querySelector(".crop-stage");
    // The picture is made here: without this script there is no photo to draw a frame on.
    var img = document.createElement("img");
    img.alt = form.dataset.cropAlt;
    cropStage.insertBefore(img, cropStage.firstChild);
    var box = cropStage.querySelector(".crop-box");
    var w = Number(form.dataset.sourceWidth);
    var h = Number(form.dataset.sourceHeight);
    var zoom = form.elements.zoom;
    var x = form.elements.x;
    var y = form.elements.y;

    var draw = function () {
      // The same arithmetic as cards/cropping.py: the largest 3:4 box, shrunk by zoom,
      // placed at x%/y% of the room that is left.
      var bw = Math.min(w, (h * 3) / 4);
      var bh = (bw * 4) / 3;
      bw = (bw * 100) / zoom.value;
      bh = (bh * 100) / zoom.value;
      var left = ((w - bw) * x.value) / 100;
      var top = ((h - bh) * y.value) / 100;
      var s = img.clientWidth / w;
      box.style.left = left * s + "px";
      box.style.top = top * s + "px";
      box.style.width = bw * s + "px";
      box.style.height = bh * s + "px";
    };
    img.addEventListener("load", function () {
      // The photo with its frame is here: the numbers become sliders that move the frame.
      form.querySelectorAll("input[data-slider]").forEach(function (el) {
        el.type = "range";
        el.step = el.dataset.slider;
        el.addEventListener("input", draw);
      });
      var hint = form.querySelector("[data-no-js-hint]");
      if (hint) hint.hidden = true;
      cropStage.hidden = false;
      draw();
    });
    img.src = form.dataset.cropSource;
    window.addEventListener("resize", draw);
  }

  focusPreview();
})();
