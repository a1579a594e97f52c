/* The administration workspace. */
"use strict";

Haven.ready.then(() => {});
