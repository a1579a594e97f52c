/* The registry workspace. */
"use strict";

Haven.ready.then(() => {});
