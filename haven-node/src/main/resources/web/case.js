/* The cases and alerts workspace. */
"use strict";

Haven.ready.then(() => {});
