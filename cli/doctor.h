/* rutin doctor: checks a deployment (cli/doctor.c). */
#ifndef RUTIN_DOCTOR_H
#define RUTIN_DOCTOR_H

int cmd_doctor(int argc, char **argv);

#endif
