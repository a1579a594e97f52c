/* The border check workspace. */
"use strict";

Haven.ready.then(() => {});
