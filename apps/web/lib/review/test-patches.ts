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

// A 60-line file (1…60) with 5 and 50 rewritten: \`git diff\`, and \`git diff -U10\` (the wider
// patch that collapsed lines are unfolded from; lines 16…39 are more than 10 from any change).
export const SIXTY_PATCH = `diff --git a/n.txt b/n.txt
index fcd8734..62afbc3 100644
--- a/n.txt
+++ b/n.txt
@@ -2,7 +2,7 @@
 2
 3
 4
-5
+five
 6
 7
 8
@@ -47,7 +47,7 @@
 47
 48
 49
-50
+fifty
 51
 52
 53
`;

export const SIXTY_PATCH_U10 = `diff --git a/n.txt b/n.txt
index fcd8734..62afbc3 100644
--- a/n.txt
+++ b/n.txt
@@ -1,15 +1,15 @@
 1
 2
 3
 4
-5
+five
 6
 7
 8
 9
 10
 11
 12
 13
 14
 15
@@ -40,21 +40,21 @@
 40
 41
 42
 43
 44
 45
 46
 47
 48
 49
-50
+fifty
 51
 52
 53
 54
 55
 56
 57
 58
 59
 60
`;
