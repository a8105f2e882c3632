/* rutin review: the supervisor's commands (review.c). */
#ifndef RUTIN_REVIEW_H
#define RUTIN_REVIEW_H

int cmd_review(int argc, char **argv);

#endif
