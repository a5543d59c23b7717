/* Parses an iCalendar file with libical and runs its RFC 5546 restriction
 * check (the rules per METHOD). Prints every problem libical reports and
 * exits 1 if there is any, 0 if the file is clean.
 * Usage: libical_check FILE */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static int report(icalcomponent *component) {
    int problems = 0;
    for (icalproperty *p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
        printf("%s: %s\n", icalcomponent_kind_to_string(icalcomponent_isa(component)), icalproperty_get_xlicerror(p));
        problems++;
    }
    for (icalcomponent *c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
        problems += report(c);
    }
    return problems;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    text[size] = '\0';
    fclose(f);
    icalcomponent *calendar = icalparser_parse_string(text);
    if (!calendar) {
        printf("libical could not parse the file\n");
        return 1;
    }
    icalrestriction_check(calendar);
    int problems = report(calendar);
    printf("%d problem(s)\n", problems);
    icalcomponent_free(calendar);
    free(text);
    return problems == 0 ? 0 : 1;
}
