/* The audit workspace. */
"use strict";

Haven.ready.then(() => {});
