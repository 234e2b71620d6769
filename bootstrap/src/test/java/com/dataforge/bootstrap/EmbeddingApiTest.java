package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.application.read.SelectionLimits;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedding API names only types an application that requires nothing but {@code dataforge.bootstrap} can read:
 * the JDK's, this package's, and those of the modules it requires transitively ({@code jdk.httpserver},
 * {@code java.sql}). A type of the adapters or the use cases in a public signature would compile here and fail in
 * the application. (The example module checks the other side: an application cannot import an adapter.)
 */
class EmbeddingApiTest {

    private static final List<String> READABLE = List.of("java.", "javax.", "com.sun.net.httpserver.",
            "com.dataforge.bootstrap.");

    @Test
    void everyPublicSignatureNamesOnlyTypesTheApplicationReads() throws Exception {
        TreeSet<String> unreadable = new TreeSet<>();
        List<Class<?>> api = publicTypes();
        assertTrue(api.contains(DataForge.class) && api.contains(SchemaDefinition.class), api.toString());
        for (Class<?> type : api) {
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
            members.addAll(List.of(type.getDeclaredConstructors()));
            for (Executable member : members) {
                if (visible(member.getModifiers()) && !member.isSynthetic()) {
                    String where = type.getSimpleName() + "." + member.getName();
                    if (member instanceof Method method) {
                        check(method.getGenericReturnType(), where, unreadable);
                    }
                    for (Type parameter : member.getGenericParameterTypes()) {
                        check(parameter, where, unreadable);
                    }
                    for (Type thrown : member.getGenericExceptionTypes()) {
                        check(thrown, where, unreadable);
                    }
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field.getModifiers()) && !field.isSynthetic()) {
                    check(field.getGenericType(), type.getSimpleName() + "." + field.getName(), unreadable);
                }
            }
            check(type.getGenericSuperclass(), type.getSimpleName(), unreadable);
            for (Type implemented : type.getGenericInterfaces()) {
                check(implemented, type.getSimpleName(), unreadable);
            }
        }
        assertEquals(new TreeSet<>(), unreadable, "public signatures naming types the application cannot read");
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** The package's public classes, nested ones included, from the compiled classes. */
    private static List<Class<?>> publicTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(DataForge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bootstrapPackage = classes.resolve(DataForge.class.getPackageName().replace('.', '/'));
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(bootstrapPackage)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(DataForge.class.getPackageName() + "." + name);
                if (isPublicAllTheWay(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    private static boolean isPublicAllTheWay(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static void check(Type type, String where, TreeSet<String> unreadable) {
        switch (type) {
            case null -> {
            }
            case Class<?> c when c.isArray() -> check(c.getComponentType(), where, unreadable);
            case Class<?> c -> {
                if (!c.isPrimitive() && READABLE.stream().noneMatch(c.getName()::startsWith)) {
                    unreadable.add(where + ": " + c.getName());
                }
            }
            case ParameterizedType p -> {
                check(p.getRawType(), where, unreadable);
                for (Type argument : p.getActualTypeArguments()) {
                    check(argument, where, unreadable);
                }
            }
            case GenericArrayType array -> check(array.getGenericComponentType(), where, unreadable);
            case WildcardType wildcard -> {
                for (Type bound : wildcard.getUpperBounds()) {
                    check(bound, where, unreadable);
                }
                for (Type bound : wildcard.getLowerBounds()) {
                    check(bound, where, unreadable);
                }
            }
            case TypeVariable<?> variable -> {
                for (Type bound : variable.getBounds()) {
                    check(bound, where, unreadable);
                }
            }
            default -> unreadable.add(where + ": " + type);
        }
    }

    @Test
    void theCheckNamesATypeOfAnotherModuleOfDataForge() {
        TreeSet<String> unreadable = new TreeSet<>();
        check(DataForge.class, "DataForge", unreadable);
        check(SelectionLimits.class, "DataForge.selectionLimits", unreadable);
        assertEquals(new TreeSet<>(List.of("DataForge.selectionLimits: " + SelectionLimits.class.getName())),
                unreadable);
    }
}
