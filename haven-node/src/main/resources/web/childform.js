/*
 * The child's personal data as a form, shared by the field agent's declaration and the
 * registrar's correction: the child, one guardian, and a photo uploaded or taken with the camera.
 * The found-child page builds its own form from the same pieces (field, input, select, photoPicker).
 * Messages are in the childform bundle. Inputs carry data-field with the API's field names, so a
 * refusal from the node marks the right one.
 */
"use strict";

const ChildForm = (() => {
  const { t, el } = Haven;

  /** The largest photo the node takes (haven-vault Photo.MAX_BYTES), before base64. */
  const MAX_PHOTO_BYTES = 256 * 1024;
  const PHOTO_TYPES = ["image/jpeg", "image/png"];
  /** The longest side of a photo taken with the camera, in pixels: small enough for a card. */
  const CAMERA_SIDE = 480;

  function field(id, key, control, hintKey) {
    return el(
      "div",
      {},
      el("label", { for: id }, el("span", { "data-i18n": key }, t(key)), hintKey ? el("span", { class: "hint" }, t(hintKey)) : null),
      control
    );
  }

  function input(id, fieldName, attributes = {}) {
    return el("input", { type: "text", id, name: id, "data-field": fieldName, ...attributes });
  }

  function select(id, fieldName, values, empty) {
    const control = el("select", { id, name: id, "data-field": fieldName });
    Haven.options(control, values, empty);
    return control;
  }

  /** How a JPEG and a PNG file begin, as the node tells them (haven-vault Photo.Format). */
  const IMAGE_STARTS = [[0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]];

  /** Whether blob's bytes begin as a JPEG or a PNG does, whatever its name says. */
  async function isImage(blob) {
    const start = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
    return IMAGE_STARTS.some((magic) => magic.every((byte, i) => start[i] === byte));
  }

  /**
   * What the node would refuse in an image file, before anything is sent or kept, as [key, params]
   * for Haven.refuse: not a JPEG or PNG by its bytes, or larger than the node takes; else null.
   */
  async function photoProblem(blob) {
    if (!PHOTO_TYPES.includes(blob.type) || !(await isImage(blob))) {
      return ["childform.photoNotImage", {}];
    }
    if (blob.size > MAX_PHOTO_BYTES) {
      return ["childform.photoTooLarge", { size: Math.ceil(blob.size / 1024), limit: MAX_PHOTO_BYTES / 1024 }];
    }
    return null;
  }

  /** Reads a file as base64 (without the data: prefix). */
  function base64Of(blob) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  /**
   * A photo file as the node takes it (haven-vault Photo: JPEG or PNG, at most MAX_PHOTO_BYTES),
   * in base64; null once refused, in the message region and next to input.
   */
  async function photoOf(blob, input, message) {
    const problem = await photoProblem(blob);
    if (problem) {
      Haven.refuse(message, [[input, ...problem]]);
      return null;
    }
    return base64Of(blob);
  }


  /**
   * A photo uploaded from a file or taken with the camera, ids prefixed with prefix: the file input
   * (its label is the caller's), the camera's buttons, its live view and the preview. The page
   * refuses in message what the node would refuse. Returns {input, controls, value(), show(base64,
   * type), reset()}.
   */
  function photoPicker(prefix, message) {
    const id = (name) => `${prefix}-${name}`;
    const file = el("input", {
      type: "file",
      id: id("photo"),
      accept: PHOTO_TYPES.join(","),
      "data-field": "child.photo",
    });
    const preview = el("img", { class: "photo", id: id("photo-preview"), alt: t("childform.photoAlt"), hidden: true });
    const video = el("video", { class: "photo", id: id("camera"), hidden: true, autoplay: true, playsinline: true, muted: true, "aria-label": t("childform.cameraView") });
    const removePhoto = el("button", { type: "button", class: "secondary", id: id("photo-remove"), hidden: true }, t("childform.photoRemove"));
    const startCamera = el("button", { type: "button", class: "secondary", id: id("camera-start") }, t("childform.cameraStart"));
    const takePhoto = el("button", { type: "button", id: id("camera-take"), hidden: true }, t("childform.cameraTake"));
    let photo = null;
    let stream = null;

    function show(base64, type) {
      photo = base64;
      if (base64) {
        preview.src = `data:${type || "image/jpeg"};base64,${base64}`;
      } else {
        preview.removeAttribute("src");
      }
      preview.hidden = !base64;
      removePhoto.hidden = !base64;
    }

    function stopCamera() {
      if (stream) {
        stream.getTracks().forEach((track) => track.stop());
        stream = null;
      }
      video.hidden = true;
      takePhoto.hidden = true;
    }

    /**
     * Refuses what the node would refuse, before anything is sent or kept: the message goes in the
     * region and next to the photo's input.
     */
    async function acceptPhoto(blob) {
      const base64 = await photoOf(blob, file, message);
      if (!base64) {
        return false;
      }
      show(base64, blob.type);
      Haven.clear(message);
      return true;
    }

    file.addEventListener("change", async () => {
      const chosen = file.files[0];
      if (chosen && !(await acceptPhoto(chosen))) {
        file.value = "";
      }
    });
    removePhoto.addEventListener("click", () => {
      show(null);
      file.value = "";
    });
    startCamera.addEventListener("click", async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch (e) {
        Haven.say(message, "childform.cameraUnavailable", {}, "error");
        return;
      }
      video.srcObject = stream;
      video.hidden = false;
      takePhoto.hidden = false;
      takePhoto.focus();
    });
    takePhoto.addEventListener("click", () => {
      const scale = Math.min(1, CAMERA_SIDE / Math.max(video.videoWidth, video.videoHeight));
      const canvas = el("canvas", {
        width: Math.round(video.videoWidth * scale),
        height: Math.round(video.videoHeight * scale),
      });
      canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
      stopCamera();
      canvas.toBlob((blob) => acceptPhoto(blob), "image/jpeg", 0.8);
    });

    return {
      input: file,
      controls: [el("div", { class: "noprint" }, startCamera, takePhoto, removePhoto), video, preview],
      /** The photo as base64, or null. */
      value: () => photo,
      show,
      reset() {
        stopCamera();
        show(null);
        file.value = "";
      },
    };
  }

  /**
   * Renders the form into container, ids prefixed with prefix. message is the region for the
   * photo's refusals. Returns {read, fill, required, reset}.
   */
  function render(container, prefix, message, jurisdiction) {
    const id = (name) => `${prefix}-${name}`;
    const given = input(id("given"), "child.givenNames", { autocomplete: "off" });
    const family = input(id("family"), "child.familyNames", { autocomplete: "off" });
    const born = input(id("born"), "child.dateOfBirth", { type: "date", max: Haven.today() });
    const place = input(id("place"), "child.placeOfBirth", { autocomplete: "off" });
    const sex = select(id("sex"), "child.sex", "sex", "common.choose");
    const relationship = select(id("relationship"), "guardians[0].relationship", "relationship");
    const guardianNames = input(id("guardian-names"), "guardians[0].names", { autocomplete: "off" });
    const documentType = select(id("document-type"), "guardians[0].document.type", "document", "common.none");
    const documentNumber = input(id("document-number"), "guardians[0].document.number", { autocomplete: "off" });
    const documentCountry = input(id("document-country"), "guardians[0].document.country", {
      maxlength: 2,
      value: jurisdiction || "",
      autocapitalize: "characters",
    });
    const photo = photoPicker(prefix, message);

    container.replaceChildren(
      el(
        "fieldset",
        {},
        el("legend", {}, t("childform.child")),
        field(id("given"), "childform.givenNames", given),
        field(id("family"), "childform.familyNames", family),
        field(id("born"), "childform.dateOfBirth", born),
        field(id("place"), "childform.placeOfBirth", place),
        field(id("sex"), "childform.sex", sex),
        field(id("photo"), "childform.photo", photo.input, "childform.photoHint"),
        photo.controls
      ),
      el(
        "fieldset",
        {},
        el("legend", {}, t("childform.guardian")),
        field(id("relationship"), "childform.relationship", relationship),
        field(id("guardian-names"), "childform.guardianNames", guardianNames),
        field(id("document-type"), "childform.documentType", documentType),
        field(id("document-number"), "childform.documentNumber", documentNumber),
        field(id("document-country"), "childform.documentCountry", documentCountry, "childform.countryHint")
      )
    );

    return {
      /** The form as the API's {child, guardians}. */
      read() {
        const child = {
          givenNames: given.value.trim(),
          familyNames: family.value.trim(),
          dateOfBirth: born.value,
          placeOfBirth: place.value.trim(),
          sex: sex.value,
        };
        if (photo.value()) {
          child.photo = photo.value();
        }
        const guardians = [];
        if (guardianNames.value.trim()) {
          const guardian = { relationship: relationship.value, names: guardianNames.value.trim() };
          if (documentType.value) {
            guardian.document = {
              type: documentType.value,
              number: documentNumber.value.trim(),
              country: documentCountry.value.trim().toUpperCase(),
            };
          }
          guardians.push(guardian);
        }
        return { child, guardians };
      },
      /** Fills the form from the API's {child, guardians}. */
      fill(data) {
        given.value = data.child.givenNames || "";
        family.value = data.child.familyNames || "";
        born.value = data.child.dateOfBirth || "";
        place.value = data.child.placeOfBirth || "";
        sex.value = data.child.sex || "";
        photo.show(data.child.photo || null);
        const guardian = (data.guardians || [])[0];
        relationship.value = guardian ? guardian.relationship : "MOTHER";
        guardianNames.value = guardian ? guardian.names : "";
        documentType.value = guardian && guardian.document ? guardian.document.type : "";
        documentNumber.value = guardian && guardian.document ? guardian.document.number : "";
        documentCountry.value = guardian && guardian.document ? guardian.document.country : jurisdiction || "";
      },
      /** The inputs the node requires. */
      required: [given, born, sex],
      /**
       * What the page can refuse before anything is kept or sent, as [[input, key, params], ...]
       * for Haven.refuse: a date of birth after today.
       */
      problems() {
        return born.value > Haven.today() ? [[born, "childform.bornInFuture", { today: Haven.date(Haven.today()) }]] : [];
      },
      reset() {
        photo.reset();
        this.fill({ child: {}, guardians: [] });
      },
    };
  }

  return { render, field, input, select, photoPicker, photoProblem, base64Of, photoOf, PHOTO_TYPES };
})();
