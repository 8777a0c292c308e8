#include "saveliveworkspace.h"

#include "relive/private/atomicfile.h"

#include <QtCore/QDir>

namespace {

// The value an edit returns, with the run's nonce: every edit is new text to the compiler cache.
QByteArray editMarker(const QByteArray &nonce, int edit)
{
    return "// edit " + QByteArray::number(edit) + " of run " + nonce + "\n"
           "static const char editTag[] = \"" + nonce + "-" + QByteArray::number(edit) + "\";\n"
           "static int editValue() { return " + QByteArray::number(edit) + "; }\n";
}

// One file: a plugin with a small panel of its own (labels, buttons, a slider, layouts).
QByteArray oneFileSource(const QByteArray &marker)
{
    return "#include <relive/liveplugin.h>\n"
           "#include <QtWidgets/QHBoxLayout>\n#include <QtWidgets/QLabel>\n#include <QtWidgets/QPushButton>\n"
           "#include <QtWidgets/QSlider>\n#include <QtWidgets/QVBoxLayout>\n"
           + marker +
           "class Thermostat : public QObject, public Relive::LivePlugin {\n"
           "    Q_OBJECT\n"
           "    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE \"edited.json\")\n"
           "    Q_INTERFACES(Relive::LivePlugin)\n"
           "public:\n"
           "    QWidget *createWidget(QWidget *parent) override {\n"
           "        auto *panel = new QWidget(parent);\n"
           "        auto *layout = new QVBoxLayout(panel);\n"
           "        auto *reading = new QLabel(QStringLiteral(\"%1 C\").arg(m_target), panel);\n"
           "        auto *slider = new QSlider(Qt::Horizontal, panel);\n"
           "        slider->setRange(5, 30);\n        slider->setValue(m_target);\n"
           "        auto *buttons = new QHBoxLayout;\n"
           "        auto *down = new QPushButton(QStringLiteral(\"-\"), panel);\n"
           "        auto *up = new QPushButton(QStringLiteral(\"+\"), panel);\n"
           "        buttons->addWidget(down);\n        buttons->addWidget(up);\n"
           "        layout->addWidget(reading);\n        layout->addWidget(slider);\n        layout->addLayout(buttons);\n"
           "        QObject::connect(slider, &QSlider::valueChanged, panel, [this, reading](int v) {\n"
           "            m_target = v;\n            reading->setText(QStringLiteral(\"%1 C\").arg(v));\n        });\n"
           "        QObject::connect(down, &QPushButton::clicked, slider, [slider] { slider->setValue(slider->value() - 1); });\n"
           "        QObject::connect(up, &QPushButton::clicked, slider, [slider] { slider->setValue(slider->value() + 1); });\n"
           "        return panel;\n    }\n"
           "    QVariantMap saveState() const override {\n"
           "        return {{QStringLiteral(\"edit\"), editValue()}, {QStringLiteral(\"tag\"), QString::fromLatin1(editTag)},\n"
           "                {QStringLiteral(\"target\"), m_target}};\n    }\n"
           "    void restoreState(const QVariantMap &s) override { m_target = s.value(QStringLiteral(\"target\"), 20).toInt(); }\n"
           "private:\n    int m_target = 20;\n};\n#include \"edited.moc\"\n";
}

// Several files: the plugin, a panel widget and a model; the edit goes into the model.
const char *const pluginSource =
    "#include \"panel.h\"\n#include \"model.h\"\n#include <relive/liveplugin.h>\n"
    "class Ledger : public QObject, public Relive::LivePlugin {\n"
    "    Q_OBJECT\n"
    "    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE \"edited.json\")\n"
    "    Q_INTERFACES(Relive::LivePlugin)\n"
    "public:\n"
    "    QWidget *createWidget(QWidget *parent) override { return new Panel(&m_model, parent); }\n"
    "    QVariantMap saveState() const override { return m_model.state(); }\n"
    "    void restoreState(const QVariantMap &s) override { m_model.restore(s); }\n"
    "private:\n    Model m_model;\n};\n#include \"plugin.moc\"\n";
const char *const panelHeader =
    "#pragma once\n#include <QtWidgets/QWidget>\nclass Model;\nclass QLabel;\n"
    "class Panel : public QWidget {\n    Q_OBJECT\npublic:\n    Panel(Model *model, QWidget *parent);\n"
    "private slots:\n    void refresh();\nprivate:\n    Model *m_model;\n    QLabel *m_total;\n};\n";
const char *const panelSource =
    "#include \"panel.h\"\n#include \"model.h\"\n"
    "#include <QtWidgets/QGridLayout>\n#include <QtWidgets/QLabel>\n#include <QtWidgets/QLineEdit>\n"
    "#include <QtWidgets/QPushButton>\n"
    "Panel::Panel(Model *model, QWidget *parent) : QWidget(parent), m_model(model), m_total(new QLabel(this)) {\n"
    "    auto *layout = new QGridLayout(this);\n    auto *amount = new QLineEdit(this);\n"
    "    auto *add = new QPushButton(QStringLiteral(\"Add\"), this);\n"
    "    layout->addWidget(amount, 0, 0);\n    layout->addWidget(add, 0, 1);\n    layout->addWidget(m_total, 1, 0, 1, 2);\n"
    "    connect(add, &QPushButton::clicked, this, [this, amount] { m_model->add(amount->text().toInt()); });\n"
    "    connect(m_model, &Model::changed, this, &Panel::refresh);\n    refresh();\n}\n"
    "void Panel::refresh() { m_total->setText(QStringLiteral(\"Total: %1\").arg(m_model->total())); }\n";
const char *const modelHeader =
    "#pragma once\n#include <QtCore/QObject>\n#include <QtCore/QVariantMap>\n"
    "class Model : public QObject {\n    Q_OBJECT\npublic:\n    int total() const { return m_total; }\n"
    "    void add(int amount);\n    QVariantMap state() const;\n    void restore(const QVariantMap &state);\n"
    "signals:\n    void changed();\nprivate:\n    int m_total = 0;\n};\n";

QByteArray modelSource(const QByteArray &marker)
{
    return "#include \"model.h\"\n#include <QtCore/QString>\n" + marker +
           "void Model::add(int amount) { m_total += amount; emit changed(); }\n"
           "QVariantMap Model::state() const {\n"
           "    return {{QStringLiteral(\"edit\"), editValue()}, {QStringLiteral(\"tag\"), QString::fromLatin1(editTag)},\n"
           "            {QStringLiteral(\"total\"), m_total}};\n}\n"
           "void Model::restore(const QVariantMap &state) { m_total = state.value(QStringLiteral(\"total\")).toInt(); emit changed(); }\n";
}

} // namespace

SaveLiveWorkspace::SaveLiveWorkspace(Kind kind, const QString &folder, const QByteArray &nonce)
    : m_kind(kind)
    , m_folder(folder)
    , m_nonce(nonce)
{
}

QString SaveLiveWorkspace::name(Kind kind)
{
    return kind == Kind::OneFile ? QStringLiteral("one-file") : QStringLiteral("several-file");
}

bool SaveLiveWorkspace::write(const QString &name, const QByteArray &text) const
{
    return Relive::writeFileAtomically(m_folder + QLatin1Char('/') + name, text);
}

QByteArray SaveLiveWorkspace::sourcesLine() const
{
    return m_kind == Kind::OneFile ? QByteArray("edited.cpp")
                                   : QByteArray("plugin.cpp panel.h panel.cpp model.h model.cpp");
}

QString SaveLiveWorkspace::editedFile() const
{
    return m_folder + (m_kind == Kind::OneFile ? QStringLiteral("/edited.cpp") : QStringLiteral("/model.cpp"));
}

bool SaveLiveWorkspace::writeRelive(const QStringList &settings) const
{
    QByteArray cmake = "cmake_minimum_required(VERSION 3.21)\nproject(savelive LANGUAGES CXX)\nset(CMAKE_CXX_STANDARD 17)\n";
    for (const QString &setting : settings) {
        const QString name = setting.section(QLatin1Char('='), 0, 0);
        const QString value = setting.section(QLatin1Char('='), 1);
        cmake += QStringLiteral("set(%1 \"%2\" CACHE STRING \"\" FORCE)\n").arg(name, value).toUtf8();
    }
    cmake += "find_package(Relive REQUIRED)\nrelive_add_plugin(edited SOURCES " + sourcesLine() + " METADATA edited.json)\n";
    return write(QStringLiteral("CMakeLists.txt"), cmake) && write(QStringLiteral("edited.json"), "{ \"Name\": \"edited\", \"Version\": \"1.0.0\" }\n")
        && (m_kind == Kind::OneFile
                || (write(QStringLiteral("plugin.cpp"), pluginSource) && write(QStringLiteral("panel.h"), panelHeader)
                    && write(QStringLiteral("panel.cpp"), panelSource) && write(QStringLiteral("model.h"), modelHeader)))
        && saveEdit(0);
}

bool SaveLiveWorkspace::writeNaive(const QString &qtPackage) const
{
    // CMake's defaults: its default generator, compiler, linker and build type; no PCH. Only
    // what a Qt plugin needs (AUTOMOC, Qt, the plugin interface's header), and -fno-gnu-unique
    // with GCC, without which the host refuses the library (it could never unload).
    const QByteArray cmake = "cmake_minimum_required(VERSION 3.21)\nproject(naive LANGUAGES CXX)\nset(CMAKE_CXX_STANDARD 17)\n"
                             "set(CMAKE_AUTOMOC ON)\nfind_package(" + qtPackage.toUtf8() + " REQUIRED COMPONENTS Widgets)\n"
                             "find_package(Relive REQUIRED)\n"
                             "add_library(edited MODULE " + sourcesLine() + ")\nset_target_properties(edited PROPERTIES PREFIX \"\")\n"
                             "target_link_libraries(edited PRIVATE " + qtPackage.toUtf8() + "::Widgets Relive::sdk)\n"
                             "if(CMAKE_CXX_COMPILER_ID STREQUAL \"GNU\")\n  target_compile_options(edited PRIVATE -fno-gnu-unique)\nendif()\n";
    return writeRelive({}) && write(QStringLiteral("CMakeLists.txt"), cmake);
}

bool SaveLiveWorkspace::saveEdit(int edit) const
{
    const QByteArray marker = editMarker(m_nonce, edit);
    return m_kind == Kind::OneFile ? write(QStringLiteral("edited.cpp"), oneFileSource(marker))
                                   : write(QStringLiteral("model.cpp"), modelSource(marker));
}
