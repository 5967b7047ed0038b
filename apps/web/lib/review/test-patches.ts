/** Patches made by real git, for the unit tests of the review view. */

// `git diff` of a 40-line file (1…40, one number a line): 5 and 30 rewritten, 41 appended.
export const NUMBERS_PATCH = `diff --git a/nums.txt b/nums.txt
index 1c99002..a05badf 100644
--- a/nums.txt
+++ b/nums.txt
@@ -2,7 +2,7 @@
 2
 3
 4
-5
+five
 6
 7
 8
@@ -27,7 +27,7 @@
 27
 28
 29
-30
+thirty
 31
 32
 33
@@ -38,3 +38,4 @@
 38
 39
 40
+41
`;
