/* rutin export: runs as CSV or JSON Lines (export.c). */
#ifndef RUTIN_EXPORT_H
#define RUTIN_EXPORT_H

int cmd_export(int argc, char **argv);

#endif
