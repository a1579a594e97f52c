/* The declare a child workspace. */
"use strict";

Haven.ready.then(() => {});
